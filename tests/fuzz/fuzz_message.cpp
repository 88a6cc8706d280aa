// libFuzzer target: a whole RELOAD message (RFC 6940 s6.3).
#include <cstdlib>

#include "libcommon/reload/msg/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace disco::reload::msg;
  const CodecContext ctx;
  auto decoded = decode_message({data, size}, ctx);
  if (!decoded) return 0;
  auto encoded = encode_message(*decoded, ctx);
  if (!encoded || encoded->size() != size || !std::equal(encoded->begin(), encoded->end(), data)) std::abort();
  return 0;
}
