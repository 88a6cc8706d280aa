#pragma once
// xsd:base64Binary (RFC 4648 s4 alphabet) for root-cert elements: the decoder skips XML white
// space, as the schema type allows, and insists on correct padding.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "libcommon/base/bytes.hpp"

namespace disco::overlay {

// nullopt on a character outside the alphabet, a bad length or misplaced padding.
std::optional<base::Bytes> base64_decode(std::string_view text);
// Lines of `line_length` characters (0: one line), joined with '\n'.
std::string base64_encode(base::BytesView data, std::size_t line_length = 0);

}  // namespace disco::overlay
