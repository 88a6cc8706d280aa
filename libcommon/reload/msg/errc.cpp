#include "libcommon/reload/msg/errc.hpp"

#include <string>

namespace disco::reload::msg {

namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "reload"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::bad_token: return "not a RELOAD message (bad relo_token)";
      case errc::unsupported_version: return "unsupported RELOAD version";
      case errc::fragment_bit_clear: return "fragment high bit is clear";
      case errc::fragmented: return "message is a fragment";
      case errc::message_too_large: return "message larger than max-message-size";
      case errc::unknown_message_code: return "unknown message code";
      case errc::bad_node_id_length: return "Node-ID length differs from the overlay's node-id-length";
      case errc::unknown_kind: return "unknown kind";
    }
    return "unknown RELOAD error";
  }
};
}  // namespace

const std::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

}  // namespace disco::reload::msg
