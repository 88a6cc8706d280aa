#pragma once
// Whole-buffer entry points over the per-struct codecs. Every RFC struct T has, in namespace
// disco::reload::msg,
//   void encode(wire::Writer&, const T&, const CodecContext&);
//   void decode(wire::Reader&, T&, const CodecContext&);
// and these two wrap them: decode_as<T> requires the input to be consumed exactly.
//
// A few structs cannot be decoded from their bytes and the context alone: StoredData and its kin
// need the DataModel of their kind, which is not on the wire (RFC 6940 s7.2). Their decoders take it
// between the output and the context, and decode_as passes such extra arguments through:
//   decode_as<StoredData>(bytes, ctx, DataModel::array)

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

template <class T, class... Extra>
base::result<T, wire::DecodeError> decode_as(base::BytesView in, const CodecContext& ctx, const Extra&... extra) {
  wire::Reader r(in, ctx.limits);
  T out{};
  decode(r, out, extra..., ctx);
  r.expect_end("(end)");
  if (!r.ok()) return base::failure{*r.error()};
  return out;
}

template <class T>
base::result<base::Bytes, wire::EncodeError> encode_as(const T& value, const CodecContext& ctx) {
  wire::Writer w;
  encode(w, value, ctx);
  if (!w.ok()) return base::failure{*w.error()};
  return std::move(w).take();
}

}  // namespace disco::reload::msg
