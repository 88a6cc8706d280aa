#pragma once
// The exact byte strings that RELOAD signs (RFC 6940 s6.3.4, s7.1). Signing and verifying live in
// security/; this layer only says which bytes.

#include <cstdint>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/common.hpp"
#include "libcommon/reload/msg/kind_table.hpp"
#include "libcommon/reload/msg/message.hpp"
#include "libcommon/reload/msg/stored_data.hpp"
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

// resource_id || kind || storage_time || StoredDataValue || SignerIdentity (s7.1), where:
//  * resource_id is the ResourceId as on the wire, with its 1-byte length prefix. s7.1 does not say
//    whether the prefix is included; with it the input stays unambiguous for any id length, and it
//    is what encoding "the Resource-ID" as a RELOAD structure gives;
//  * kind is the KindId as a uint32 and storage_time the uint64 of the StoredData, big-endian;
//  * StoredDataValue and SignerIdentity (of data.signature) are as encoded, except that an array
//    entry's index is set to 0 first: a Store at 0xffffffff appends, and the index the storing peer
//    returns then differs from the one that was signed (s7.4.2.2).
// The value's model must be the kind's model in ctx.kinds (errc::unknown_kind, wire::errc::
// invalid_value otherwise), as when the StoredData itself is encoded in a StoreKindData.
base::result<base::Bytes, wire::EncodeError> stored_data_signature_input(const ResourceId& resource, KindId kind,
                                                                         const StoredData& data,
                                                                         const CodecContext& ctx);

}  // namespace disco::reload::msg
