#pragma once
// One RELOAD message of each message code, built from the golden body vectors, for tests that
// hand our bytes to an independent decoder (tshark) or a benchmark.

#include <string>
#include <vector>

#include "libcommon/reload/msg/message.hpp"

namespace disco::test {

struct Sample {
  std::string name;  // the message code's RFC name, e.g. "store_req"
  reload::msg::Message message;
};

// Every code the s14.8 registry assigns, in numeric order.
std::vector<reload::msg::MessageCode> all_message_codes();
// A valid encoded body for `code`, from the golden vectors (empty for bodies that are empty).
base::Bytes sample_body(reload::msg::MessageCode code);
// One message per code in all_message_codes().
std::vector<Sample> sample_messages();

// Fields as tshark prints them with `-E occurrence=a -E aggregator=,`: comma-joined, in wire order.
struct ExpectedFields {
  std::string destination_node_ids;  // via and destination list Node-IDs, hex
  std::string kinds;                 // Kind-IDs of StoreKindData / FetchKindResponse / StatKindResponse
  std::string array_indexes;         // ArrayEntry indexes
  std::string exists;                // DataValue exists flags, 0/1
};
ExpectedFields expected_fields(const Sample& sample, const reload::msg::CodecContext& ctx);

// True when the message or a StoredData it carries is signed with SignerIdentity none (s6.3.4).
bool carries_none_signer_identity(const Sample& sample, const reload::msg::CodecContext& ctx);

}  // namespace disco::test
