#include "libcommon/sip/transaction/errc.hpp"

#include <string>

namespace disco::sip::transaction {

namespace {

class Category final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "sip.transaction"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::no_rfc3261_branch: return "branch without the RFC 3261 magic cookie (RFC 2543 is not supported)";
    }
    return "unknown sip.transaction error";
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

}  // namespace disco::sip::transaction
