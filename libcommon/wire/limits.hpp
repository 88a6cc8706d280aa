#pragma once

#include <cstddef>

namespace disco::wire {

// Bounds a decoder enforces on hostile input. Defaults follow RFC 6940: max-message-size is 5000
// bytes unless the overlay configuration says otherwise (s6.6, s11.1). List counts and nesting have
// no RFC value; ours are far above anything a 5000-byte message can legitimately hold per list.
struct Limits {
  std::size_t max_message_size = 5000;
  std::size_t max_list_count = 4096;
  std::size_t max_depth = 16;
};

}  // namespace disco::wire
