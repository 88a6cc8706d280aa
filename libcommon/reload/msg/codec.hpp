#pragma once
// Whole-buffer entry points over the per-struct codecs. Every RFC struct T has, in namespace
// disco::reload::msg,
//   void encode(wire::Writer&, const T&, const CodecContext&);
//   void decode(wire::Reader&, T&, const CodecContext&);
// and these two wrap them: decode_as<T> requires the input to be consumed exactly.

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

template <class T>
base::result<T, wire::DecodeError> decode_as(base::BytesView in, const CodecContext& ctx) {
  wire::Reader r(in, ctx.limits);
  T out{};
  decode(r, out, ctx);
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
