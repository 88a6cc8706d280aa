#pragma once
// Update (RFC 6940 s6.4.2.3). The UpdateReq body is "completely overlay specific", so there is no
// generic UpdateReq type: for CHORD-RELOAD it is ChordUpdate (chord.hpp). UpdateAns is generic and
// empty ("either success or an error").

#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

// Any byte in the body is trailing_bytes.
struct UpdateAns {
  friend bool operator==(const UpdateAns&, const UpdateAns&) = default;
};

void encode(wire::Writer& w, const UpdateAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, UpdateAns& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
