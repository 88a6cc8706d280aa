// libFuzzer target: every message body (RFC 6940 s6.4, s6.5, s7, s10). The input is tried as the
// body of each message code, with the IANA kind table and with an empty one (every kind unknown, so
// StoredData values are kept verbatim); what decodes must re-encode to the same bytes.
#include <cstdlib>
#include <vector>

#include "libcommon/reload/msg/body.hpp"

namespace {

using namespace disco::reload::msg;

void check(MessageCode code, disco::base::BytesView in, const CodecContext& ctx) {
  auto decoded = decode_body(code, in, ctx);
  if (!decoded) return;
  auto encoded = encode_body(*decoded, ctx);
  if (!encoded || encoded->size() != in.size() || !std::equal(encoded->begin(), encoded->end(), in.begin())) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CodecContext iana;
  static const CodecContext no_kinds = [] {
    CodecContext c;
    c.kinds = KindTable{};
    return c;
  }();
  static const std::vector<MessageCode> codes = [] {
    std::vector<MessageCode> v;
    for (std::uint32_t c = 0; c <= 0xffff; ++c) {
      if (is_known_message_code(static_cast<std::uint16_t>(c))) v.push_back(static_cast<MessageCode>(c));
    }
    return v;
  }();
  const disco::base::BytesView in{data, size};
  for (auto code : codes) {
    check(code, in, iana);
    check(code, in, no_kinds);
  }
  return 0;
}
