#include "tests/support/pcap_writer.hpp"

#include <stdexcept>

namespace disco::test {

namespace {
void put16(base::Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(base::Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
// pcap headers are in the writer's byte order; the magic tells readers which one.
template <class T>
void put_native(std::ofstream& out, T v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);
}
std::uint16_t checksum(const base::Bytes& b, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) sum += static_cast<std::uint32_t>((b[i] << 8) | b[i + 1]);
  if (b.size() % 2) sum += static_cast<std::uint32_t>(b.back() << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}
constexpr std::uint8_t tcp_syn = 0x02, tcp_psh = 0x08, tcp_ack = 0x10;
}  // namespace

PcapWriter::PcapWriter(const std::string& path) : out_(path, std::ios::binary) {
  if (!out_) throw std::runtime_error("cannot write " + path);
  put_native<std::uint32_t>(out_, 0xa1b2c3d4);  // microsecond timestamps
  put_native<std::uint16_t>(out_, 2);
  put_native<std::uint16_t>(out_, 4);
  put_native<std::int32_t>(out_, 0);
  put_native<std::uint32_t>(out_, 0);
  put_native<std::uint32_t>(out_, 65535);
  put_native<std::uint32_t>(out_, 101);  // LINKTYPE_RAW: packets start with the IP header
}

void PcapWriter::packet(std::uint8_t protocol, Endpoint from, Endpoint to, const base::Bytes& transport) {
  base::Bytes ip;
  ip.push_back(0x45);
  ip.push_back(0);
  put16(ip, static_cast<std::uint16_t>(20 + transport.size()));
  put16(ip, ip_id_++);
  put16(ip, 0x4000);  // don't fragment
  ip.push_back(64);
  ip.push_back(protocol);
  put16(ip, 0);
  put32(ip, from.ip);
  put32(ip, to.ip);
  const auto sum = checksum(ip);
  ip[10] = static_cast<std::uint8_t>(sum >> 8);
  ip[11] = static_cast<std::uint8_t>(sum);
  ip.insert(ip.end(), transport.begin(), transport.end());

  clock_us_ += 1000;
  put_native<std::uint32_t>(out_, 1700000000 + clock_us_ / 1000000);
  put_native<std::uint32_t>(out_, clock_us_ % 1000000);
  put_native<std::uint32_t>(out_, static_cast<std::uint32_t>(ip.size()));
  put_native<std::uint32_t>(out_, static_cast<std::uint32_t>(ip.size()));
  out_.write(reinterpret_cast<const char*>(ip.data()), static_cast<std::streamsize>(ip.size()));
  out_.flush();
}

void PcapWriter::udp(Endpoint from, Endpoint to, base::BytesView payload) {
  base::Bytes u;
  put16(u, from.port);
  put16(u, to.port);
  put16(u, static_cast<std::uint16_t>(8 + payload.size()));
  put16(u, 0);  // no checksum, allowed over IPv4
  u.insert(u.end(), payload.begin(), payload.end());
  packet(17, from, to, u);
}

void PcapWriter::tcp_segment(Endpoint from, Endpoint to, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                             base::BytesView payload) {
  base::Bytes t;
  put16(t, from.port);
  put16(t, to.port);
  put32(t, seq);
  put32(t, ack);
  t.push_back(5 << 4);
  t.push_back(flags);
  put16(t, 65535);
  put16(t, 0);
  put16(t, 0);
  t.insert(t.end(), payload.begin(), payload.end());
  base::Bytes pseudo;
  put32(pseudo, from.ip);
  put32(pseudo, to.ip);
  put16(pseudo, 6);
  put16(pseudo, static_cast<std::uint16_t>(t.size()));
  pseudo.insert(pseudo.end(), t.begin(), t.end());
  const auto sum = checksum(pseudo);
  t[16] = static_cast<std::uint8_t>(sum >> 8);
  t[17] = static_cast<std::uint8_t>(sum);
  packet(6, from, to, t);
}

PcapWriter::TcpFlow PcapWriter::tcp(Endpoint client, Endpoint server) { return TcpFlow(this, client, server); }

PcapWriter::TcpFlow::TcpFlow(PcapWriter* w, Endpoint client, Endpoint server)
    : w_(w), client_(client), server_(server) {
  w_->tcp_segment(client_, server_, client_seq_, 0, tcp_syn, {});
  w_->tcp_segment(server_, client_, server_seq_, client_seq_ + 1, tcp_syn | tcp_ack, {});
  ++client_seq_;
  ++server_seq_;
  w_->tcp_segment(client_, server_, client_seq_, server_seq_, tcp_ack, {});
}

void PcapWriter::TcpFlow::send(bool from_client, base::BytesView payload) {
  auto& seq = from_client ? client_seq_ : server_seq_;
  const auto ack = from_client ? server_seq_ : client_seq_;
  w_->tcp_segment(from_client ? client_ : server_, from_client ? server_ : client_, seq, ack, tcp_psh | tcp_ack,
                  payload);
  seq += static_cast<std::uint32_t>(payload.size());
}

}  // namespace disco::test
