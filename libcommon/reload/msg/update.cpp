#include "libcommon/reload/msg/update.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& /*w*/, const UpdateAns& /*v*/, const CodecContext& /*ctx*/) {}

// An empty body is always a whole message body, so checking the end here names the structure in
// the error rather than leaving it to decode_as.
void decode(wire::Reader& r, UpdateAns& /*out*/, const CodecContext& /*ctx*/) {
  auto scope = r.enter("UpdateAns");
  r.expect_end("UpdateAns");
}

}  // namespace disco::reload::msg
