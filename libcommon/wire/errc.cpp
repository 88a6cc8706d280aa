#include "libcommon/wire/errc.hpp"

#include <string>

namespace disco::wire {

namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "wire"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::truncated: return "truncated";
      case errc::trailing_bytes: return "trailing bytes";
      case errc::limit_exceeded: return "limit exceeded";
      case errc::invalid_value: return "invalid value";
      case errc::unknown_type: return "unknown type";
      case errc::length_mismatch: return "length mismatch";
      case errc::value_too_long: return "value too long for its length prefix";
    }
    return "unknown wire error";
  }
};
}  // namespace

const std::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

}  // namespace disco::wire
