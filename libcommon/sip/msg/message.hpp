#pragma once
// The SIP message model (RFC 3261 s7): a start line, every header field in the order received
// (name as received, value unfolded), and the body.
//
// Content-Length is not kept as a header field: it is the body's size, so the parser consumes it
// for framing and the serialiser always writes it from the body (s20.14). Everything else,
// unknown fields included, is kept verbatim, so a proxy can forward what it does not understand.

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace disco::sip {

inline constexpr std::string_view sip_version = "SIP/2.0";

// Request-Line (s7.1). The Request-URI is kept as received; parse_uri() gives its parts.
struct RequestLine {
  std::string method;  // case-sensitive (s7.1): "INVITE", or any extension token
  std::string uri;
  std::string version{sip_version};
  friend bool operator==(const RequestLine&, const RequestLine&) = default;
};

// Status-Line (s7.2).
struct StatusLine {
  std::string version{sip_version};
  int code = 200;
  std::string reason;  // may be empty or UTF-8 (RFC 4475 s3.1.1.12, s3.1.1.13)
  friend bool operator==(const StatusLine&, const StatusLine&) = default;
};

struct Header {
  std::string name;   // as received: "TO", "v", "NewFangledHeader"
  std::string value;  // line folds replaced by one SP, leading and trailing LWS removed (s7.3.1)
  // Names compare as header field names do: case-insensitive, compact forms expanded.
  friend bool operator==(const Header& a, const Header& b);
};

struct Message {
  std::variant<RequestLine, StatusLine> start;
  std::vector<Header> headers;
  std::string body;  // octets; std::string because SIP bodies are mostly text (SDP, XML)

  [[nodiscard]] bool is_request() const { return std::holds_alternative<RequestLine>(start); }
  // nullptr when the message is the other kind.
  [[nodiscard]] const RequestLine* request_line() const { return std::get_if<RequestLine>(&start); }
  [[nodiscard]] RequestLine* request_line() { return std::get_if<RequestLine>(&start); }
  [[nodiscard]] const StatusLine* status_line() const { return std::get_if<StatusLine>(&start); }
  [[nodiscard]] StatusLine* status_line() { return std::get_if<StatusLine>(&start); }

  // Lookups are case-insensitive and match compact forms: find("Call-ID") finds "i: ...".
  // The value of the first field with this name, or nullptr.
  [[nodiscard]] const std::string* find(std::string_view name) const;
  // The values of every field with this name, in order (one per field, not split at commas).
  [[nodiscard]] std::vector<std::string_view> find_all(std::string_view name) const;
  [[nodiscard]] std::size_t count(std::string_view name) const;
  [[nodiscard]] bool has(std::string_view name) const { return find(name) != nullptr; }

  void add(std::string name, std::string value);
  // Replaces the first field with this name and removes the others; appends when there is none.
  void set(std::string_view name, std::string value);
  // Removes every field with this name; returns how many.
  std::size_t erase(std::string_view name);

  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace disco::sip
