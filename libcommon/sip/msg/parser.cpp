#include "libcommon/sip/msg/parser.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/head.hpp"
#include "libcommon/sip/msg/header_names.hpp"

namespace disco::sip {

base::result<Message, Error> parse_message(std::string_view text, const Limits& limits) {
  const std::size_t skip = detail::leading_crlf(text);
  if (skip == text.size()) return base::failure{Error{make_error_code(errc::empty_message), {}}};
  const std::string_view data = text.substr(skip);

  auto scan = detail::scan_head(data, 0, limits);
  if (!scan) return base::failure{scan.error()};
  if (!scan->end) return base::failure{Error{make_error_code(errc::unterminated_head), {}}};
  const std::size_t head_end = *scan->end;

  const std::size_t line_end = data.find("\r\n");  // found: the head ends in CRLFCRLF
  auto start = detail::parse_start_line(data.substr(0, line_end));
  if (!start) return base::failure{start.error()};
  // Field lines run from after the start line to the CRLF before the empty line.
  const std::string_view lines =
      line_end + 2 >= head_end - 2 ? std::string_view{} : data.substr(line_end + 2, head_end - 2 - (line_end + 2));
  auto fields = detail::split_fields(lines, limits);
  if (!fields) return base::failure{fields.error()};
  auto length = detail::find_content_length(*fields);
  if (!length) return base::failure{length.error()};

  const std::string_view rest = data.substr(head_end);
  std::string_view body = rest;
  if (*length) {
    if (**length > limits.max_body_size) return base::failure{Error{make_error_code(errc::body_too_large), {}}};
    if (**length > rest.size()) return base::failure{Error{make_error_code(errc::body_truncated), "Content-Length"}};
    body = rest.substr(0, **length);
  } else if (body.size() > limits.max_body_size) {
    return base::failure{Error{make_error_code(errc::body_too_large), {}}};
  }
  if (head_end + body.size() > limits.max_message_size)
    return base::failure{Error{make_error_code(errc::message_too_large), {}}};

  Message m;
  m.start = std::move(*start);
  m.headers.reserve(fields->size());
  for (const detail::RawField& f : *fields) {
    if (same_header_name(f.name, "Content-Length")) continue;  // the body's size says it (message.hpp)
    m.headers.push_back({std::string(f.name), detail::unfold(f.raw_value)});
  }
  m.body.assign(body);
  return m;
}

base::result<Message, Error> parse_message(base::BytesView bytes, const Limits& limits) {
  return parse_message(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), limits);
}

}  // namespace disco::sip
