#pragma once
// Header field names: compact forms (RFC 3261 s7.3.3 and the extensions below), the canonical
// spelling we serialise, and name comparison (names are case-insensitive, s7.3.1).

#include <string_view>

namespace disco::sip {

// The full name for a one-letter compact form, or `name` itself when it is not one.
std::string_view expand_compact_form(std::string_view name);
// The canonical spelling of a known field name (any case, compact forms expanded), e.g. "CSeq",
// "Call-ID", "WWW-Authenticate"; an unknown name is returned as given.
std::string_view canonical_name(std::string_view name);
// Whether two field names denote the same header field: case-insensitive, compact forms expanded.
bool same_header_name(std::string_view a, std::string_view b);

}  // namespace disco::sip
