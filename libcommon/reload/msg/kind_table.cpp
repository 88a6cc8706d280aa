#include "libcommon/reload/msg/kind_table.hpp"

namespace disco::reload::msg {

KindTable KindTable::with_iana() {
  KindTable t;
  t.set(kinds::sip_registration, DataModel::dictionary);  // RFC 7904 s3
  t.set(kinds::turn_service, DataModel::single_value);    // RFC 6940 s9
  t.set(kinds::certificate_by_node, DataModel::array);    // RFC 6940 s8
  t.set(kinds::access_control_list, DataModel::array);    // RFC 8076 s7
  t.set(kinds::certificate_by_user, DataModel::array);    // RFC 6940 s8
  t.set(kinds::redir, DataModel::dictionary);             // RFC 7374 s4
  return t;
}

}  // namespace disco::reload::msg
