#pragma once
// The exact byte strings that RELOAD signs (RFC 6940 s6.3.4, s7.1). Signing and verifying live in
// security/; this layer only says which bytes.

#include <cstdint>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/message.hpp"
#include "libcommon/wire/error.hpp"

namespace disco::reload::msg {

// overlay || transaction_id || MessageContents || SignerIdentity (s6.3.4), each as encoded.
// Our encoding is canonical (exact lengths, Booleans 0/1, no alternative forms), so re-encoding a
// decoded MessageContents reproduces the received bytes.
base::result<base::Bytes, wire::EncodeError> message_signature_input(std::uint32_t overlay,
                                                                     std::uint64_t transaction_id,
                                                                     const MessageContents& contents,
                                                                     const SignerIdentity& signer,
                                                                     const CodecContext& ctx);
base::result<base::Bytes, wire::EncodeError> message_signature_input(const Message& m, const CodecContext& ctx);

}  // namespace disco::reload::msg
