#include "libcommon/sip/msg/list.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/header_names.hpp"

namespace disco::sip {

base::result<std::vector<std::string_view>, std::error_code> split_list(std::string_view value) {
  std::vector<std::string_view> out;
  bool in_quote = false;
  bool in_angle = false;
  std::size_t begin = 0;
  const auto element = [&](std::size_t end) -> bool {
    const std::string_view e = grammar::trim(value.substr(begin, end - begin));
    if (e.empty()) return false;
    out.push_back(e);
    begin = end + 1;
    return true;
  };
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (in_quote) {
      if (c == '\\') {
        ++i;  // quoted-pair: the next character is literal
      } else if (c == '"') {
        in_quote = false;
      }
    } else if (in_angle) {
      // A URI holds no DQUOTE and no '>' (s25.1), so nothing nests inside <...>.
      if (c == '>') in_angle = false;
    } else if (c == '"') {
      in_quote = true;
    } else if (c == '<') {
      in_angle = true;
    } else if (c == ',') {
      if (!element(i)) return base::failure{make_error_code(errc::empty_list_element)};
    }
  }
  if (in_quote) return base::failure{make_error_code(errc::unterminated_quote)};
  if (in_angle) return base::failure{make_error_code(errc::unterminated_angle)};
  if (!element(value.size())) return base::failure{make_error_code(errc::empty_list_element)};
  return out;
}

base::result<std::vector<std::string_view>, Error> list_values(const Message& m, std::string_view name) {
  std::vector<std::string_view> out;
  for (const Header& h : m.headers) {
    if (!same_header_name(h.name, name)) continue;
    auto parts = split_list(h.value);
    if (!parts) return base::failure{Error{parts.error(), std::string(canonical_name(name))}};
    out.insert(out.end(), parts->begin(), parts->end());
  }
  return out;
}

}  // namespace disco::sip
