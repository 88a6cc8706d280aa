// libFuzzer target: the storage method bodies (RFC 6940 s7.4), each tried on the whole input, with
// the IANA kind table and with an empty one (every kind unknown, values kept verbatim).
#include <cstdlib>

#include "libcommon/reload/msg/codec.hpp"
#include "libcommon/reload/msg/fetch.hpp"
#include "libcommon/reload/msg/find.hpp"
#include "libcommon/reload/msg/stat.hpp"
#include "libcommon/reload/msg/store.hpp"

namespace {

using namespace disco::reload::msg;

// The codec is canonical: what decodes re-encodes to the same bytes.
template <class T>
void check(disco::base::BytesView in, const CodecContext& ctx) {
  auto decoded = decode_as<T>(in, ctx);
  if (!decoded) return;
  auto encoded = encode_as(*decoded, ctx);
  if (!encoded || encoded->size() != in.size() || !std::equal(encoded->begin(), encoded->end(), in.begin())) {
    std::abort();
  }
}

template <class... T>
void check_all(disco::base::BytesView in, const CodecContext& ctx) {
  (check<T>(in, ctx), ...);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CodecContext iana;
  static const CodecContext unknown = [] {
    CodecContext c;
    c.kinds = KindTable{};
    return c;
  }();
  const disco::base::BytesView in{data, size};
  for (const auto* ctx : {&iana, &unknown}) {
    check_all<StoreReq, StoreAns, FetchReq, FetchAns, StatReq, StatAns, FindReq, FindAns>(in, *ctx);
  }
  return 0;
}
