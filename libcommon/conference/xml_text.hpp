#pragma once
// XML 1.0 character rules (s2.2 Char production) over UTF-8, shared by parse and serialise: RFC
// 4575 s4.1 requires UTF-8 and well-formed XML, and a string that breaks them must never reach the
// wire.

#include <cstddef>
#include <optional>
#include <string_view>

#include "libcommon/conference/errc.hpp"

namespace disco::conference {

struct TextProblem {
  errc code;  // invalid_utf8 or invalid_character
  std::size_t offset;
};

// nullopt when `text` is UTF-8 made only of XML Chars: #x9 | #xA | #xD | [#x20-#xD7FF] |
// [#xE000-#xFFFD] | [#x10000-#x10FFFF]. Overlong forms and surrogates are invalid_utf8.
std::optional<TextProblem> check_xml_text(std::string_view text);

inline bool is_xml_text(std::string_view text) { return !check_xml_text(text).has_value(); }

// XML's white space (s2.3 S production); xs:list items and typed values are separated/trimmed by it.
inline bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace disco::conference
