// libFuzzer target: ForwardingHeader, the part every forwarding peer parses (RFC 6940 s6.3.2).
#include <cstdlib>

#include "libcommon/reload/msg/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace disco::reload::msg;
  const CodecContext ctx;
  auto decoded = decode_forwarding_header({data, size}, ctx);
  if (!decoded) return 0;
  // The codec is canonical: what decodes re-encodes to the same bytes.
  disco::wire::Writer w;
  encode(w, decoded->header, ctx);
  if (!w.ok() || w.size() != decoded->header_size || !std::equal(w.bytes().begin(), w.bytes().end(), data)) {
    std::abort();
  }
  return 0;
}
