#pragma once
// A message-level failure: what went wrong and in which header field, so a 400 reason phrase and a
// log line can name the problem ("To: unterminated quoted string").

#include <string>
#include <system_error>

namespace disco::sip {

struct Error {
  std::error_code code;  // sip::errc
  std::string header;    // canonical field name; empty for framing and the start line

  [[nodiscard]] std::string message() const;
  friend bool operator==(const Error&, const Error&) = default;
};

}  // namespace disco::sip
