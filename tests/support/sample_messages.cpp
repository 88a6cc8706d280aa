#include "tests/support/sample_messages.hpp"

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/body.hpp"
#include "tests/support/vectors.hpp"

namespace disco::test {

namespace msg = reload::msg;

namespace {

msg::Message wrap(msg::MessageCode code, base::Bytes body, std::uint64_t transaction_id) {
  msg::Message m;
  m.header.overlay = 0x9aa32b8d;
  m.header.transaction_id = transaction_id;
  m.header.ttl = static_cast<std::uint8_t>(100 - transaction_id % 50);
  m.header.destination_list.push_back({*reload::NodeId::from_hex("f0e0d0c0b0a090807060504030201000")});
  m.contents.message_code = code;
  m.contents.message_body = std::move(body);
  m.security.certificates.push_back({0, load_hex_vector("reload/certificate_x509.hex")});
  m.security.signature.identity.value = msg::CertHash{msg::hash_algorithm::sha256, base::Bytes(32, 0xab)};
  m.security.signature.signature_value = base::Bytes(64, 0xcd);
  return m;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

base::Bytes body_for(msg::MessageCode code) {
  const std::string name(*msg::message_code_name(static_cast<std::uint16_t>(code)));
  switch (code) {
    // Bodies that share a struct with another code's vector, or have a variant-named vector.
    case msg::MessageCode::attach_ans: return load_hex_vector("reload/attach_req.hex");
    case msg::MessageCode::app_attach_req: return load_hex_vector("reload/app_attach_ans.hex");
    case msg::MessageCode::update_req: return load_hex_vector("reload/update_req_full.hex");
    case msg::MessageCode::error:
      return msg::decode_message(load_hex_vector("reload/message_error.hex"), {})->contents.message_body;
    // Empty bodies (s6.4.2.2, s6.4.2.3, s6.5.4) and the experimental codes, which define none.
    case msg::MessageCode::leave_ans:
    case msg::MessageCode::update_ans:
    case msg::MessageCode::config_update_ans:
    case msg::MessageCode::exp_a_req:
    case msg::MessageCode::exp_a_ans:
    case msg::MessageCode::exp_b_req:
    case msg::MessageCode::exp_b_ans: return {};
    default: return load_hex_vector("reload/" + name + ".hex");
  }
}

}  // namespace

std::vector<msg::MessageCode> all_message_codes() {
  std::vector<msg::MessageCode> codes;
  for (std::uint32_t c = 0; c <= 0xffff; ++c) {
    if (msg::is_known_message_code(static_cast<std::uint16_t>(c))) codes.push_back(static_cast<msg::MessageCode>(c));
  }
  return codes;
}

base::Bytes sample_body(msg::MessageCode code) { return body_for(code); }

std::vector<Sample> sample_messages() {
  std::vector<Sample> out;
  std::uint64_t tid = 0x1000;
  for (auto code : all_message_codes()) {
    out.push_back(
        {std::string(*msg::message_code_name(static_cast<std::uint16_t>(code))), wrap(code, body_for(code), tid++)});
  }
  return out;
}

namespace {

// Kind-IDs, array indexes and exists flags of the StoredData in a store_req or fetch_ans, in wire
// order: the fields tshark reads as reload.kinddata.kind, reload.arrayentry.index and
// reload.datavalue.exists.
template <class KindEntries>
void collect_stored_data(const KindEntries& entries, std::vector<std::string>& kinds, std::vector<std::string>& indexes,
                         std::vector<std::string>& exists) {
  for (const auto& k : entries) {
    kinds.push_back(std::to_string(k.kind));
    const auto* values = std::get_if<std::vector<msg::StoredData>>(&k.values);
    if (values == nullptr) continue;
    for (const auto& sd : *values) {
      const auto& v = sd.value.value;
      if (const auto* a = std::get_if<msg::ArrayEntry>(&v)) {
        indexes.push_back(std::to_string(a->index));
        exists.push_back(a->value.exists ? "1" : "0");
      } else if (const auto* d = std::get_if<msg::DictionaryEntry>(&v)) {
        exists.push_back(d->value.exists ? "1" : "0");
      } else {
        exists.push_back(std::get<msg::DataValue>(v).exists ? "1" : "0");
      }
    }
  }
}

}  // namespace

ExpectedFields expected_fields(const Sample& sample, const msg::CodecContext& ctx) {
  ExpectedFields f;
  std::vector<std::string> ids;
  for (const auto* list : {&sample.message.header.via_list, &sample.message.header.destination_list}) {
    for (const auto& d : *list) {
      if (d.is_node()) ids.push_back(std::get<reload::NodeId>(d.value).to_hex());
    }
  }
  f.destination_node_ids = join(ids);
  auto body = msg::decode_body(sample.message.contents, ctx);
  if (!body) return f;
  std::vector<std::string> kinds, indexes, exists;
  // tshark reads every per-kind Kind-ID as reload.kinddata.kind, whatever the enclosing struct.
  auto kinds_of = [&](const auto& entries) {
    for (const auto& e : entries) kinds.push_back(std::to_string(e.kind));
  };
  if (const auto* store = std::get_if<msg::StoreReq>(&body->value)) {
    collect_stored_data(store->kind_data, kinds, indexes, exists);
  } else if (const auto* fetch = std::get_if<msg::FetchAns>(&body->value)) {
    collect_stored_data(fetch->kind_responses, kinds, indexes, exists);
  } else if (const auto* store_ans = std::get_if<msg::StoreAns>(&body->value)) {
    kinds_of(store_ans->kind_responses);
  } else if (const auto* fetch_req = std::get_if<msg::FetchReq>(&body->value)) {
    kinds_of(fetch_req->specifiers);
  } else if (const auto* stat_req = std::get_if<msg::StatReq>(&body->value)) {
    kinds_of(stat_req->specifiers);
  } else if (const auto* stat_ans = std::get_if<msg::StatAns>(&body->value)) {
    // StoredMetaData mirrors StoredData: tshark reads its index and exists flag with the same fields.
    for (const auto& k : stat_ans->kind_responses) {
      kinds.push_back(std::to_string(k.kind));
      const auto* values = std::get_if<std::vector<msg::StoredMetaData>>(&k.values);
      if (values == nullptr) continue;
      for (const auto& meta : *values) {
        const auto& v = meta.metadata.value;
        if (const auto* a = std::get_if<msg::ArrayEntryMeta>(&v)) {
          indexes.push_back(std::to_string(a->index));
          exists.push_back(a->value.exists ? "1" : "0");
        } else if (const auto* d = std::get_if<msg::DictionaryEntryMeta>(&v)) {
          exists.push_back(d->value.exists ? "1" : "0");
        } else {
          exists.push_back(std::get<msg::MetaData>(v).exists ? "1" : "0");
        }
      }
    }
  } else if (const auto* find_ans = std::get_if<msg::FindAns>(&body->value)) {
    kinds_of(find_ans->results);
  }
  f.kinds = join(kinds);
  f.array_indexes = join(indexes);
  f.exists = join(exists);
  return f;
}

bool carries_none_signer_identity(const Sample& sample, const msg::CodecContext& ctx) {
  auto is_none = [](const msg::Signature& sig) {
    return std::holds_alternative<msg::NoSignerIdentity>(sig.identity.value);
  };
  if (is_none(sample.message.security.signature)) return true;
  auto body = msg::decode_body(sample.message.contents, ctx);
  if (!body) return false;
  auto any_none = [&](const auto& entries) {
    for (const auto& k : entries) {
      if (const auto* values = std::get_if<std::vector<msg::StoredData>>(&k.values)) {
        for (const auto& sd : *values) {
          if (is_none(sd.signature)) return true;
        }
      }
    }
    return false;
  };
  if (const auto* store = std::get_if<msg::StoreReq>(&body->value)) return any_none(store->kind_data);
  if (const auto* fetch = std::get_if<msg::FetchAns>(&body->value)) return any_none(fetch->kind_responses);
  return false;
}

}  // namespace disco::test
