#include "libcommon/reload/msg/signature_input.hpp"

namespace disco::reload::msg {

base::result<base::Bytes, wire::EncodeError> message_signature_input(std::uint32_t overlay,
                                                                     std::uint64_t transaction_id,
                                                                     const MessageContents& contents,
                                                                     const SignerIdentity& signer,
                                                                     const CodecContext& ctx) {
  wire::Writer w;
  w.u32(overlay);
  w.u64(transaction_id);
  encode(w, contents, ctx);
  encode(w, signer, ctx);
  if (!w.ok()) return base::failure{*w.error()};
  return std::move(w).take();
}

base::result<base::Bytes, wire::EncodeError> message_signature_input(const Message& m, const CodecContext& ctx) {
  return message_signature_input(m.header.overlay, m.header.transaction_id, m.contents, m.security.signature.identity,
                                 ctx);
}

base::result<base::Bytes, wire::EncodeError> stored_data_signature_input(const ResourceId& resource, KindId kind,
                                                                         const StoredData& data,
                                                                         const CodecContext& ctx) {
  wire::Writer w;
  check_model(w, kind, data.model(), ctx, "kind");
  encode(w, resource, ctx);
  w.u32(kind);
  w.u64(data.storage_time);
  if (const auto* entry = std::get_if<ArrayEntry>(&data.value.value)) {
    ArrayEntry unindexed = *entry;
    unindexed.index = 0;
    encode(w, unindexed, ctx);
  } else {
    encode(w, data.value, ctx);
  }
  encode(w, data.signature.identity, ctx);
  if (!w.ok()) return base::failure{*w.error()};
  return std::move(w).take();
}

}  // namespace disco::reload::msg
