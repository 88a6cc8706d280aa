#include "libcommon/sip/msg/media_type.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"

namespace disco::sip {

bool MediaType::is(std::string_view type_, std::string_view subtype_) const {
  return grammar::iequals(type, type_) && grammar::iequals(subtype, subtype_);
}

base::result<MediaType, std::error_code> parse_media_type(std::string_view value) {
  const auto fail = [](errc e) { return base::failure{make_error_code(e)}; };
  grammar::Cursor c(value);
  c.skip_lws();
  MediaType t;
  t.type = std::string(c.token());
  if (t.type.empty() || !c.eat_separator('/')) return fail(errc::invalid_media_type);
  t.subtype = std::string(c.token());
  if (t.subtype.empty()) return fail(errc::invalid_media_type);
  if (auto ec = detail::parse_header_params(c, t.params)) return base::failure{ec};
  c.skip_lws();
  if (!c.done()) return fail(errc::trailing_characters);
  return t;
}

std::string to_string(const MediaType& t) {
  std::string out = t.type + '/' + t.subtype;
  append_header_params(out, t.params);
  return out;
}

}  // namespace disco::sip
