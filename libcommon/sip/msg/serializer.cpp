#include "libcommon/sip/msg/serializer.hpp"

#include <string_view>

#include "libcommon/sip/msg/header_names.hpp"

namespace disco::sip {

namespace {
void append_line_safe(std::string& out, std::string_view s) {
  for (char c : s) out += (c == '\r' || c == '\n') ? ' ' : c;
}
}  // namespace

std::string to_string(const Message& m) {
  std::size_t size = m.body.size() + 64;
  for (const Header& h : m.headers) size += h.name.size() + h.value.size() + 4;
  std::string out;
  out.reserve(size);
  if (const RequestLine* r = m.request_line()) {
    append_line_safe(out, r->method);
    out += ' ';
    append_line_safe(out, r->uri);
    out += ' ';
    append_line_safe(out, r->version);
  } else {
    const StatusLine& s = *m.status_line();
    append_line_safe(out, s.version);
    out += ' ';
    out += std::to_string(s.code);
    out += ' ';
    append_line_safe(out, s.reason);
  }
  out += "\r\n";
  for (const Header& h : m.headers) {
    if (same_header_name(h.name, "Content-Length")) continue;
    append_line_safe(out, canonical_name(h.name));
    out += ':';
    if (!h.value.empty()) {
      out += ' ';
      append_line_safe(out, h.value);
    }
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(m.body.size());
  out += "\r\n\r\n";
  out += m.body;
  return out;
}

base::Bytes serialize(const Message& m) { return base::to_bytes(to_string(m)); }

}  // namespace disco::sip
