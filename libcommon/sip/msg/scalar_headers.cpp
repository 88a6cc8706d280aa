#include "libcommon/sip/msg/scalar_headers.hpp"

#include <algorithm>
#include <array>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"

namespace disco::sip {

base::result<std::string, std::error_code> parse_call_id(std::string_view value) {
  const std::string_view v = grammar::trim(value);
  const auto at = v.find('@');
  const auto word = [](std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), grammar::is_word_char);
  };
  const bool ok = at == std::string_view::npos ? word(v) : word(v.substr(0, at)) && word(v.substr(at + 1));
  if (!ok) return base::failure{make_error_code(errc::invalid_call_id)};
  return std::string(v);
}

base::result<std::uint8_t, std::error_code> parse_max_forwards(std::string_view value) {
  auto v = grammar::parse_uint(grammar::trim(value), 255);
  if (!v) return base::failure{make_error_code(errc::invalid_max_forwards)};
  return static_cast<std::uint8_t>(*v);
}

base::result<std::size_t, std::error_code> parse_content_length(std::string_view value) {
  auto v = grammar::parse_uint(grammar::trim(value), SIZE_MAX);
  if (!v) return base::failure{make_error_code(errc::invalid_content_length)};
  return static_cast<std::size_t>(*v);
}

base::result<std::uint32_t, std::error_code> parse_delta_seconds(std::string_view value) {
  auto v = grammar::parse_uint(grammar::trim(value), UINT32_MAX);
  if (!v) return base::failure{make_error_code(errc::invalid_expires)};
  return static_cast<std::uint32_t>(*v);
}

bool is_sip_date(std::string_view value) {
  // wkday "," SP date1 SP time SP "GMT"; date1 = 2DIGIT SP month SP 4DIGIT; time = 2DIGIT ":" 2DIGIT ":" 2DIGIT
  static constexpr std::array<std::string_view, 7> days{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string_view v = grammar::trim(value);
  if (v.size() != 29) return false;
  const auto digits = [&](std::size_t at, std::size_t n) {
    return std::all_of(v.begin() + static_cast<std::ptrdiff_t>(at), v.begin() + static_cast<std::ptrdiff_t>(at + n),
                       grammar::is_digit);
  };
  return std::find(days.begin(), days.end(), v.substr(0, 3)) != days.end() && v.substr(3, 2) == ", " && digits(5, 2) &&
         v[7] == ' ' && std::find(months.begin(), months.end(), v.substr(8, 3)) != months.end() && v[11] == ' ' &&
         digits(12, 4) && v[16] == ' ' && digits(17, 2) && v[19] == ':' && digits(20, 2) && v[22] == ':' &&
         digits(23, 2) && v.substr(25) == " GMT";
}

}  // namespace disco::sip
