#include "libcommon/control/error.hpp"

#include <array>
#include <utility>

namespace disco::control {

namespace {
constexpr std::array<std::pair<ErrorCode, std::string_view>, 9> names{{
    {ErrorCode::bad_request, "bad_request"},
    {ErrorCode::unknown_op, "unknown_op"},
    {ErrorCode::unsupported_version, "unsupported_version"},
    {ErrorCode::not_found, "not_found"},
    {ErrorCode::refused, "refused"},
    {ErrorCode::forbidden, "forbidden"},
    {ErrorCode::unreachable, "unreachable"},
    {ErrorCode::timeout, "timeout"},
    {ErrorCode::internal, "internal"},
}};
}  // namespace

std::string_view to_string(ErrorCode code) {
  for (const auto& [c, name] : names) {
    if (c == code) return name;
  }
  return "internal";
}

std::optional<ErrorCode> error_code_from(std::string_view text) {
  for (const auto& [c, name] : names) {
    if (name == text) return c;
  }
  return std::nullopt;
}

int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request: return 2;
    case ErrorCode::unknown_op:
    case ErrorCode::unsupported_version: return 5;
    case ErrorCode::not_found:
    case ErrorCode::refused: return 1;
    case ErrorCode::forbidden: return 4;
    case ErrorCode::unreachable:
    case ErrorCode::timeout: return 3;
    case ErrorCode::internal: return 70;
  }
  return 70;
}

}  // namespace disco::control
