#include "libcommon/conference/xml_text.hpp"

#include <cstdint>

namespace disco::conference {

namespace {

bool is_xml_char(std::uint32_t cp) {
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
  if (cp >= 0x20 && cp <= 0xD7FF) return true;
  if (cp >= 0xE000 && cp <= 0xFFFD) return true;
  return cp >= 0x10000 && cp <= 0x10FFFF;
}

}  // namespace

std::optional<TextProblem> check_xml_text(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    std::uint32_t cp = 0;
    std::size_t len = 0;
    std::uint32_t min = 0;
    if (b < 0x80) {
      cp = b;
      len = 1;
    } else if ((b & 0xE0) == 0xC0) {
      cp = b & 0x1Fu;
      len = 2;
      min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      cp = b & 0x0Fu;
      len = 3;
      min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      cp = b & 0x07u;
      len = 4;
      min = 0x10000;
    } else {
      return TextProblem{errc::invalid_utf8, i};
    }
    if (len > n - i) return TextProblem{errc::invalid_utf8, i};
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return TextProblem{errc::invalid_utf8, i};
      cp = (cp << 6) | (p[i + k] & 0x3Fu);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 (RFC 3629 s3).
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return TextProblem{errc::invalid_utf8, i};
    if (!is_xml_char(cp)) return TextProblem{errc::invalid_character, i};
    i += len;
  }
  return std::nullopt;
}

}  // namespace disco::conference
