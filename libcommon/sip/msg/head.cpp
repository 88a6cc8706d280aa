#include "libcommon/sip/msg/head.hpp"

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/header_names.hpp"

namespace disco::sip::detail {

namespace {
Error framing(errc e) { return Error{make_error_code(e), {}}; }

bool is_version(std::string_view v) {
  // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; the literal is case-insensitive (RFC 2234 s2.3).
  if (v.size() < 7 || !grammar::iequals(v.substr(0, 4), "SIP/")) return false;
  v.remove_prefix(4);
  const auto dot = v.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == v.size()) return false;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (i != dot && !grammar::is_digit(v[i])) return false;
  return true;
}

bool is_ctl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}
}  // namespace

std::size_t leading_crlf(std::string_view data) {
  std::size_t n = 0;
  while (n < data.size() && (data[n] == '\r' || data[n] == '\n')) ++n;
  return n;
}

base::result<HeadScan, Error> scan_head(std::string_view data, std::size_t from, const Limits& limits) {
  std::size_t i = from;
  for (; i < data.size(); ++i) {
    const char c = data[i];
    if (c == '\r') {
      if (i + 1 == data.size()) break;  // its LF may still arrive
      if (data[i + 1] != '\n') return base::failure{framing(errc::bad_line_ending)};
    } else if (c == '\n') {
      if (i == 0 || data[i - 1] != '\r') return base::failure{framing(errc::bad_line_ending)};
      if (i >= 3 && data[i - 2] == '\n' && data[i - 3] == '\r') {
        if (i + 1 > limits.max_head_size) return base::failure{framing(errc::head_too_large)};
        return HeadScan{i + 1, i + 1};
      }
    }
    if (i + 1 > limits.max_head_size) return base::failure{framing(errc::head_too_large)};
  }
  return HeadScan{std::nullopt, i};
}

base::result<std::variant<RequestLine, StatusLine>, Error> parse_start_line(std::string_view line) {
  // Exactly one SP between the elements (s7.1, s7.2; RFC 4475 s3.1.2.8-10 reject the others).
  const auto sp1 = line.find(' ');
  if (line.size() >= 4 && grammar::iequals(line.substr(0, 4), "SIP/")) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    if (sp1 == std::string_view::npos || !is_version(line.substr(0, sp1)))
      return base::failure{Error{make_error_code(errc::invalid_status_line), {}}};
    const std::string_view after = line.substr(sp1 + 1);
    const auto sp2 = after.find(' ');
    // A missing SP before an empty Reason-Phrase is tolerated: nothing is ambiguous about it.
    const std::string_view code_text = after.substr(0, sp2);
    const std::string_view reason = sp2 == std::string_view::npos ? std::string_view{} : after.substr(sp2 + 1);
    auto code = grammar::parse_uint(code_text, 999);
    if (code_text.size() != 3 || !code || *code < 100 || *code > 699)
      return base::failure{Error{make_error_code(errc::invalid_status_code), {}}};
    for (char c : reason)
      if (is_ctl(c)) return base::failure{Error{make_error_code(errc::invalid_status_line), {}}};
    return std::variant<RequestLine, StatusLine>{
        StatusLine{std::string(line.substr(0, sp1)), static_cast<int>(*code), std::string(reason)}};
  }
  // Request-Line = Method SP Request-URI SP SIP-Version
  const auto bad = base::failure{Error{make_error_code(errc::invalid_request_line), {}}};
  if (sp1 == std::string_view::npos) return bad;
  const auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return bad;
  const std::string_view method = line.substr(0, sp1);
  const std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!grammar::is_token(method) || uri.empty() || !is_version(version)) return bad;
  for (char c : uri)
    if (is_ctl(c) || c == ' ' || c == '\t') return bad;
  return std::variant<RequestLine, StatusLine>{
      RequestLine{std::string(method), std::string(uri), std::string(version)}};
}

base::result<std::vector<RawField>, Error> split_fields(std::string_view lines, const Limits& limits) {
  std::vector<RawField> fields;
  std::size_t kept = 0;
  std::size_t pos = 0;
  while (pos < lines.size()) {
    const auto eol = lines.find("\r\n", pos);
    const std::size_t end = eol == std::string_view::npos ? lines.size() : eol;
    const std::string_view line = lines.substr(pos, end - pos);
    const std::size_t next = eol == std::string_view::npos ? lines.size() : eol + 2;
    if (!line.empty() && grammar::is_wsp(line.front())) {
      // A fold continues the previous field (s7.3.1); the raw value keeps it for unfold().
      if (fields.empty()) return base::failure{Error{make_error_code(errc::invalid_header_line), {}}};
      const char* begin = fields.back().raw_value.data();
      fields.back().raw_value = std::string_view(begin, static_cast<std::size_t>(lines.data() + end - begin));
    } else {
      // header-name HCOLON: HCOLON = *( SP / HTAB ) ":" SWS
      std::size_t n = 0;
      while (n < line.size() && grammar::is_token_char(line[n])) ++n;
      const std::string_view name = line.substr(0, n);
      std::size_t colon = n;
      while (colon < line.size() && grammar::is_wsp(line[colon])) ++colon;
      if (name.empty() || colon >= line.size() || line[colon] != ':')
        return base::failure{Error{make_error_code(errc::invalid_header_line), std::string(canonical_name(name))}};
      // The limit is on kept fields: Content-Length is not kept and the serialiser always adds
      // one, so our own output of a message at the limit still parses. One more line allows for it.
      const bool kept_field = !same_header_name(name, "Content-Length");
      if (fields.size() > limits.max_header_count || (kept_field && ++kept > limits.max_header_count))
        return base::failure{Error{make_error_code(errc::too_many_headers), {}}};
      fields.push_back({name, line.substr(colon + 1)});
    }
    pos = next;
  }
  return fields;
}

std::string unfold(std::string_view raw_value) {
  std::string out;
  out.reserve(raw_value.size());
  std::size_t pos = 0;
  for (;;) {
    const auto eol = raw_value.find("\r\n", pos);
    std::string_view piece = grammar::trim(raw_value.substr(pos, eol == std::string_view::npos ? eol : eol - pos));
    if (!piece.empty()) {
      if (!out.empty()) out += ' ';
      out += piece;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 2;
  }
  return out;
}

base::result<std::optional<std::size_t>, Error> find_content_length(const std::vector<RawField>& fields) {
  std::optional<std::size_t> length;
  for (const RawField& f : fields) {
    if (!same_header_name(f.name, "Content-Length")) continue;
    if (length) return base::failure{Error{make_error_code(errc::duplicate_content_length), "Content-Length"}};
    // Content-Length = 1*DIGIT (s20.14); a sign or a value beyond size_t is not one (s3.1.2.3).
    auto v = grammar::parse_uint(unfold(f.raw_value), SIZE_MAX);
    if (!v) return base::failure{Error{make_error_code(errc::invalid_content_length), "Content-Length"}};
    length = static_cast<std::size_t>(*v);
  }
  return length;
}

}  // namespace disco::sip::detail
