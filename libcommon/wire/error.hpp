#pragma once
// Where a decode or encode failed: the error, the innermost structure, the field and the byte offset
// from the start of the outermost input, so an operator can find the byte in a hex dump.

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

namespace disco::wire {

struct DecodeError {
  std::error_code code;
  std::string_view structure;  // static strings: RFC struct names such as "StoreReq"
  std::string_view field;
  std::size_t offset = 0;

  [[nodiscard]] std::string message() const;
};

struct EncodeError {
  std::error_code code;
  std::string_view structure;
  std::string_view field;

  [[nodiscard]] std::string message() const;
};

}  // namespace disco::wire
