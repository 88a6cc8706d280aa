#pragma once
// Checked-in test vectors: tests/vectors/<path>.hex files holding hex bytes, with '#' comment lines
// that name the RFC section each vector follows, and .xml documents that name it in a comment.

#include <string>
#include <string_view>

#include "libcommon/base/bytes.hpp"

namespace disco::test {

// Path of a file under tests/vectors/.
std::string vector_path(std::string_view relative);
// The bytes of tests/vectors/<relative>; throws std::runtime_error when missing or not hex.
base::Bytes load_hex_vector(std::string_view relative);
// The exact bytes of tests/vectors/<relative> (binary fixtures such as the SIP torture messages);
// throws std::runtime_error when missing.
std::string load_raw_vector(std::string_view relative);
// Comment lines ("# ...") of a vector file, joined with newlines, '#' and leading blanks removed.
std::string vector_comments(std::string_view relative);

}  // namespace disco::test
