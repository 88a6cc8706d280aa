#pragma once
// Errors of the RFC 6940 presentation-language codec (s6.3.1.1), independent of which struct failed.

#include <system_error>

namespace disco::wire {

enum class errc {
  truncated = 1,    // fewer bytes than a field or a length prefix needs
  trailing_bytes,   // a length-delimited region or a whole input has bytes left over
  limit_exceeded,   // a configured limit (message size, list count, nesting) was hit
  invalid_value,    // a field has a value its type does not allow (Boolean 2, reserved enum 0...)
  unknown_type,     // a select() over an enum value that the structure does not define
  length_mismatch,  // an explicit length field disagrees with its contents
  value_too_long,   // encoding: a value does not fit its length prefix
};

const std::error_category& category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace disco::wire

template <>
struct std::is_error_code_enum<disco::wire::errc> : std::true_type {};
