#include "libcommon/sip/msg/event.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/list.hpp"

namespace disco::sip {

bool is_event_type(std::string_view s) {
  // token-nodot parts joined by '.'; none may be empty.
  if (s.empty()) return false;
  std::size_t part = 0;
  for (char c : s) {
    if (c == '.') {
      if (part == 0) return false;
      part = 0;
    } else if (grammar::is_token_char(c)) {
      ++part;
    } else {
      return false;
    }
  }
  return part > 0;
}

base::result<Event, std::error_code> parse_event(std::string_view value) {
  grammar::Cursor c(value);
  c.skip_lws();
  Event e;
  e.type = std::string(c.token());
  if (!is_event_type(e.type)) return base::failure{make_error_code(errc::invalid_event)};
  if (auto ec = detail::parse_header_params(c, e.params)) return base::failure{ec};
  c.skip_lws();
  if (!c.done()) return base::failure{make_error_code(errc::trailing_characters)};
  return e;
}

std::string to_string(const Event& e) {
  std::string out = e.type;
  append_header_params(out, e.params);
  return out;
}

base::result<std::vector<std::string>, std::error_code> parse_allow_events(std::string_view value) {
  auto parts = split_list(value);
  if (!parts) return base::failure{parts.error()};
  std::vector<std::string> out;
  out.reserve(parts->size());
  for (std::string_view p : *parts) {
    if (!is_event_type(p)) return base::failure{make_error_code(errc::invalid_event)};
    out.emplace_back(p);
  }
  return out;
}

std::string to_string(const std::vector<std::string>& allow_events) {
  std::string out;
  for (const std::string& e : allow_events) {
    if (!out.empty()) out += ", ";
    out += e;
  }
  return out;
}

base::result<std::vector<std::string>, Error> parse_allow_events(const Message& m) {
  std::vector<std::string> out;
  for (std::string_view value : m.find_all("Allow-Events")) {
    auto list = parse_allow_events(value);
    if (!list) return base::failure{Error{list.error(), "Allow-Events"}};
    out.insert(out.end(), list->begin(), list->end());
  }
  return out;
}

}  // namespace disco::sip
