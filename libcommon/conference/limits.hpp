#pragma once
// Bounds parse() enforces before and while it builds a model from hostile input. RFC 4575 sets no
// size; ours leave room for a full-state document of about a thousand users with endpoints and
// media (roughly 1 KiB each) and refuse anything that could exhaust memory or stack.

#include <cstddef>

namespace disco::conference {

struct Limits {
  std::size_t max_document_size = 1024 * 1024;  // bytes of the whole body
  std::size_t max_elements = 50'000;            // elements of any namespace, extensions included
  // conference-info/users/user/endpoint/call-info/sip/display-text is 7 deep; each
  // sidebars-by-val level adds 2 and extensions bring their own nesting.
  std::size_t max_depth = 32;
};

}  // namespace disco::conference
