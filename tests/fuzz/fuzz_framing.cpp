// libFuzzer target: the stream framing header (RFC 6940 s6.6.2), whole frames and stream splitting.
#include <cstdlib>

#include "libcommon/reload/link/framed_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace disco::reload::link;
  const disco::base::BytesView in{data, size};
  // Split the input as a stream: every complete frame must also decode on its own.
  std::size_t at = 0;
  while (at < size) {
    auto n = next_frame_size(in.subspan(at));
    if (!n || !n->has_value()) break;
    if (**n == 0 || at + **n > size) std::abort();
    if (!decode_frame(in.subspan(at, **n))) std::abort();
    at += **n;
  }
  auto decoded = decode_frame(in);
  if (!decoded) return 0;
  auto encoded = encode_frame(*decoded);
  if (!encoded || encoded->size() != size || !std::equal(encoded->begin(), encoded->end(), data)) std::abort();
  return 0;
}
