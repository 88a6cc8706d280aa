#include "libcommon/net/errc.hpp"

#include <string>

namespace disco::net {

namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "net"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::handshake_timeout: return "TLS handshake timed out";
      case errc::unauthorized: return "peer certificate not authorized";
      case errc::send_queue_full: return "send queue full (peer not reading)";
      case errc::too_many_handshakes: return "too many pending TLS handshakes";
    }
    return "unknown net error";
  }
};
}  // namespace

const std::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

}  // namespace disco::net
