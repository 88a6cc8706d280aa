#include "libcommon/sip/msg/response.hpp"

#include <array>
#include <utility>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/head.hpp"
#include "libcommon/sip/msg/header_names.hpp"
#include "libcommon/sip/msg/name_addr.hpp"

namespace disco::sip {

namespace {

constexpr std::array<std::pair<int, std::string_view>, 50> phrases{{
    {100, "Trying"},
    {180, "Ringing"},
    {181, "Call Is Being Forwarded"},
    {182, "Queued"},
    {183, "Session Progress"},
    {200, "OK"},
    {202, "Accepted"},  // RFC 6665 s8.3.1: kept for historical purposes
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Moved Temporarily"},
    {305, "Use Proxy"},
    {380, "Alternative Service"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {410, "Gone"},
    {413, "Request Entity Too Large"},
    {414, "Request-URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Unsupported URI Scheme"},
    {420, "Bad Extension"},
    {421, "Extension Required"},
    {423, "Interval Too Brief"},
    {480, "Temporarily Unavailable"},
    {481, "Call/Transaction Does Not Exist"},
    {482, "Loop Detected"},
    {483, "Too Many Hops"},
    {484, "Address Incomplete"},
    {485, "Ambiguous"},
    {486, "Busy Here"},
    {487, "Request Terminated"},
    {488, "Not Acceptable Here"},
    {489, "Bad Event"},  // RFC 6665 s8.3.2
    {491, "Request Pending"},
    {493, "Undecipherable"},
    {500, "Server Internal Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Server Time-out"},
    {505, "Version Not Supported"},
    {513, "Message Too Large"},
    {600, "Busy Everywhere"},
    {603, "Decline"},
}};

std::string to_tagged(const std::string& to, std::string_view tag) {
  auto parsed = parse_name_addr(to);
  if (tag.empty() || !parsed || parsed->tag()) return to;
  return to + ";tag=" + std::string(tag);
}

}  // namespace

std::string_view reason_phrase(int code) {
  for (const auto& [c, phrase] : phrases)
    if (c == code) return phrase;
  if (code == 604) return "Does Not Exist Anywhere";
  if (code == 606) return "Not Acceptable";
  return {};
}

Message make_response(const Message& request, int code, std::string_view reason, std::string_view to_tag) {
  Message r;
  r.start = StatusLine{std::string(sip_version), code, std::string(reason.empty() ? reason_phrase(code) : reason)};
  for (std::string_view via : request.find_all("Via")) r.add("Via", std::string(via));
  for (std::string_view name : {"From", "To", "Call-ID", "CSeq"}) {
    const std::string* value = request.find(name);
    if (value == nullptr) continue;
    r.add(std::string(name), name == "To" && code != 100 ? to_tagged(*value, to_tag) : *value);
  }
  if (code == 100)
    if (const std::string* ts = request.find("Timestamp")) r.add("Timestamp", *ts);
  return r;
}

ResponseStatus status_for(const Error& why) {
  if (why.code == errc::unsupported_version) return {505, std::string(reason_phrase(505))};
  return {400, "Bad Request (" + why.message() + ")"};
}

std::optional<Message> response_to_invalid(const Message& request, const Error& why, std::string_view to_tag) {
  const RequestLine* line = request.request_line();
  if (line == nullptr || line->method == "ACK" || !request.has("Via")) return std::nullopt;
  const ResponseStatus status = status_for(why);
  return make_response(request, status.code, status.reason, to_tag);
}

std::optional<Message> response_to_unparseable(base::BytesView raw, const Error& why, std::string_view to_tag,
                                               const Limits& limits) {
  std::string_view data(reinterpret_cast<const char*>(raw.data()), raw.size());
  data.remove_prefix(detail::leading_crlf(data));
  const auto line_end = data.find("\r\n");
  if (line_end == std::string_view::npos) return std::nullopt;
  const std::string_view start = data.substr(0, line_end);
  if (start.size() >= 4 && grammar::iequals(start.substr(0, 4), "SIP/")) return std::nullopt;
  const std::string_view method = start.substr(0, start.find(' '));
  if (!grammar::is_token(method)) return std::nullopt;

  auto scan = detail::scan_head(data, 0, limits);
  if (!scan) return std::nullopt;
  // A datagram cut short keeps the header lines that did arrive whole.
  const std::size_t lines_end = scan->end ? *scan->end - 2 : data.rfind("\r\n") + 2;
  const std::string_view lines =
      lines_end <= line_end + 2 ? std::string_view{} : data.substr(line_end + 2, lines_end - (line_end + 2));
  auto fields = detail::split_fields(lines, limits);
  if (!fields) return std::nullopt;

  Message request;
  request.start = RequestLine{std::string(method), {}, std::string(sip_version)};
  for (const detail::RawField& f : *fields) request.add(std::string(f.name), detail::unfold(f.raw_value));
  return response_to_invalid(request, why, to_tag);
}

}  // namespace disco::sip
