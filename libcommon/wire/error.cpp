#include "libcommon/wire/error.hpp"

#include <fmt/format.h>

namespace disco::wire {

std::string DecodeError::message() const {
  return fmt::format("{} in {}.{} at byte {}", code.message(), structure.empty() ? "?" : structure,
                     field.empty() ? "?" : field, offset);
}

std::string EncodeError::message() const {
  return fmt::format("cannot encode {}.{}: {}", structure.empty() ? "?" : structure, field.empty() ? "?" : field,
                     code.message());
}

}  // namespace disco::wire
