#pragma once
// Why the transaction layer could not take a request (RFC 3261 s17.2.3). Reported inside
// sip::Error in an InvalidMessage action, so status_for() words the 400 that the TU sends.

#include <system_error>

namespace disco::sip::transaction {

enum class errc {
  // The top Via branch does not start with "z9hG4bK" (or is only that): the request comes from an
  // RFC 2543 client, whose transactions s17.2.3 matches by Request-URI, tags, Call-ID, CSeq and
  // the whole top Via. That fallback is not implemented.
  no_rfc3261_branch = 1,
};

const std::error_category& category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace disco::sip::transaction

template <>
struct std::is_error_code_enum<disco::sip::transaction::errc> : std::true_type {};
