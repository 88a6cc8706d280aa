#include "libcommon/conference/errc.hpp"

#include <string>

namespace disco::conference {

namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "conference"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::too_large: return "document too large";
      case errc::too_many_elements: return "too many elements";
      case errc::too_deep: return "elements nested too deeply";
      case errc::invalid_utf8: return "not UTF-8";
      case errc::invalid_character: return "character not allowed in XML 1.0";
      case errc::malformed_xml: return "malformed XML";
      case errc::dtd_not_supported: return "DOCTYPE not supported";
      case errc::undeclared_prefix: return "undeclared namespace prefix";
      case errc::not_conference_info: return "not a conference-info document";
      case errc::missing_required: return "required attribute or element missing";
      case errc::invalid_value: return "invalid value";
      case errc::duplicate_key: return "duplicate key";
      case errc::invalid_extension: return "extension is not one well-formed XML element";
    }
    return "unknown conference error";
  }
};
}  // namespace

const std::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

}  // namespace disco::conference
