// Codec throughput: a whole message (ForwardingHeader + body + SecurityBlock) carrying a StoreReq
// with 10 dictionary entries of 100-byte values, and a FetchAns of the same size, encoded and
// decoded (message and body). Reported in messages/s (items_per_second) and bytes/s; never asserted.

#include <benchmark/benchmark.h>

#include "libcommon/reload/msg/body.hpp"
#include "libcommon/reload/msg/message.hpp"

namespace {

using namespace disco;
using namespace disco::reload::msg;

std::vector<StoredData> ten_dictionary_entries() {
  std::vector<StoredData> values;
  for (std::uint8_t i = 0; i < 10; ++i) {
    StoredData sd;
    sd.storage_time = 1'700'000'000'000 + i;
    sd.lifetime = 3600;
    base::Bytes key(16, i);  // dictionary key = the storing peer's Node-ID (RFC 7904 style)
    sd.value.value = DictionaryEntry{key, DataValue{true, base::Bytes(100, static_cast<std::uint8_t>('a' + i))}};
    sd.signature.identity.value = CertHash{hash_algorithm::sha256, base::Bytes(32, 0x42)};
    sd.signature.signature_value = base::Bytes(256, 0x5a);  // RSA-2048
    values.push_back(std::move(sd));
  }
  return values;
}

Message wrap(MessageCode code, base::Bytes body) {
  Message m;
  m.header.overlay = 0x9aa32b8d;
  m.header.transaction_id = 0x0102030405060708;
  m.header.destination_list.push_back({*reload::NodeId::from_hex("f0e0d0c0b0a090807060504030201000")});
  m.contents.message_code = code;
  m.contents.message_body = std::move(body);
  m.security.signature.identity.value = CertHash{hash_algorithm::sha256, base::Bytes(32, 0x17)};
  m.security.signature.signature_value = base::Bytes(256, 0x33);
  return m;
}

Body store_req() {
  StoreReq req;
  req.resource.bytes = base::Bytes(16, 0x45);
  req.kind_data.push_back({kinds::sip_registration, 1, ten_dictionary_entries()});
  return {MessageCode::store_req, std::move(req)};
}

Body fetch_ans() {
  FetchAns ans;
  ans.kind_responses.push_back({kinds::sip_registration, 1, ten_dictionary_entries()});
  return {MessageCode::fetch_ans, std::move(ans)};
}

void encode_message(benchmark::State& state, Body body) {
  const CodecContext ctx;
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto encoded_body = encode_body(body, ctx);
    auto m = wrap(body.code, std::move(*encoded_body));
    auto encoded = reload::msg::encode_message(m, ctx);
    bytes = encoded->size();
    benchmark::DoNotOptimize(encoded->data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["message_bytes"] = static_cast<double>(bytes);
}

void decode_message(benchmark::State& state, const Body& body) {
  const CodecContext ctx;
  const auto wire = *reload::msg::encode_message(wrap(body.code, *encode_body(body, ctx)), ctx);
  for (auto _ : state) {
    auto m = reload::msg::decode_message(wire, ctx);
    auto b = decode_body(m->contents, ctx);
    if (!b) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(b);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wire.size()));
  state.counters["message_bytes"] = static_cast<double>(wire.size());
}

}  // namespace

BENCHMARK_CAPTURE(encode_message, store_req_10x100B_dictionary, store_req());
BENCHMARK_CAPTURE(decode_message, store_req_10x100B_dictionary, store_req());
BENCHMARK_CAPTURE(encode_message, fetch_ans_10x100B_dictionary, fetch_ans());
BENCHMARK_CAPTURE(decode_message, fetch_ans_10x100B_dictionary, fetch_ans());
