#include "libcommon/control/text.hpp"

#include <cstddef>

namespace disco::control {

std::string quote_text(std::string_view text) {
  constexpr std::size_t limit = 64;
  std::string out = "'";
  if (text.size() <= limit) {
    out.append(text);
  } else {
    std::size_t cut = limit;
    // Back up over UTF-8 continuation bytes (10xxxxxx) so the cut does not split a character.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
    out.append(text.substr(0, cut));
    out.append("...");
  }
  out.push_back('\'');
  return out;
}

}  // namespace disco::control
