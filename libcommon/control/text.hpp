#pragma once
// Quoting client-supplied text in error messages: bounded, so an error about a 60 KiB op name is
// not itself 60 KiB.

#include <string>
#include <string_view>

namespace disco::control {

// 'text' in single quotes, cut to 64 bytes (at a UTF-8 boundary) with "..." when longer.
std::string quote_text(std::string_view text);

}  // namespace disco::control
