// confinfo-watch against sipp (a SIP implementation we did not write) acting as the RFC 4575
// notifier, over UDP and TCP on 127.0.0.1: the JSON events must be exactly the changes the
// scenario's documents make, and sipp must see the SUBSCRIBEs its scenario expects (the initial
// one, the re-SUBSCRIBE after a version gap, the refresh, the Expires: 0 unsubscribe).

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <utility>

#include "tests/support/process.hpp"
#include "tests/support/run_command.hpp"

namespace disco::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

struct WatchRun {
  std::vector<json> events;
  std::vector<std::string> xml_documents;  // from --xml
  std::string capture;                     // pcapng of the run on lo, when dumpcap could capture
  std::uint16_t port = 0;                  // sipp's
  std::uint16_t watch_port = 0;            // confinfo-watch's (UDP)
  std::uint16_t marker_port = 0;           // where the capture-readiness markers go
  int watch_exit = -1;
  int sipp_exit = -1;
};

bool wait_for_text(const std::filesystem::path& file, const std::string& text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(file);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

// tshark's SIP dissector over the capture: every frame on the port is SIP, none malformed, no
// expert warning; returns the number of SIP messages seen.
std::uintmax_t size_of(const std::filesystem::path& p) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

void send_udp_marker(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::sendto(fd, "marker", 6, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  ::close(fd);
}

int expect_clean_sip_capture(const std::string& capture, std::uint16_t port, std::uint16_t watch_port,
                             std::uint16_t marker_port) {
  // Neither port is 5060, so tell tshark they carry SIP.
  std::string decode;
  for (auto p : {port, watch_port}) {
    decode += " -d udp.port==" + std::to_string(p) + ",sip -d tcp.port==" + std::to_string(p) + ",sip";
  }
  decode += " ";
  const auto bad = run_command("tshark -n -r '" + capture + "'" + decode +
                               " -Y '(_ws.malformed || _ws.expert.severity >= \"Warning\" || data) && !udp.port==" +
                               std::to_string(marker_port) +
                               "' "
                               "-T fields -e frame.number -e frame.protocols -e _ws.expert.message 2>/dev/null");
  EXPECT_EQ(bad.exit_code, 0);
  EXPECT_EQ(bad.out, "") << "tshark found malformed or suspicious frames in " << capture;
  const auto sip = run_command("tshark -n -r '" + capture + "'" + decode +
                               " -Y sip -T fields -e sip.Method -e sip.Status-Code "
                               "2>/dev/null | wc -l");
  return std::stoi(sip.out);
}

class ConfinfoWatchSipp : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!have_program("sipp")) GTEST_SKIP() << "sipp is not installed (Debian sip-tester; tests/install-deps.sh)";
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("disco-sipp-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure() && !dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Runs sipp with `scenario` as the notifier and confinfo-watch as the subscriber. `on_event` may
  // act on each event (e.g. send SIGINT); both processes are bounded in time.
  WatchRun run(const std::string& scenario, const std::function<void(const json&, Process&)>& on_event = {},
               const std::vector<std::string>& extra_args = {}) {
    const auto port = free_port();
    const std::string transport = GetParam();
    WatchRun r;
    r.port = port;
    // Over UDP sipp sends its NOTIFYs from a port of its own, so the capture follows ours instead.
    r.watch_port = free_port();
    // Capture the run on loopback for tshark's SIP dissector; needs root or capture rights.
    std::optional<Process> dumpcap;
    if (have_program("dumpcap")) {
      r.capture = (dir_ / "sip.pcapng").string();
      r.marker_port = free_port();
      dumpcap.emplace(
          std::vector<std::string>{"dumpcap", "-i", "lo", "-f",
                                   "port " + std::to_string(port) + " or port " + std::to_string(r.watch_port) +
                                       " or port " + std::to_string(r.marker_port),
                                   "-w", r.capture},
          (dir_ / "dumpcap.stderr").string(), (dir_ / "dumpcap.stdout").string());
      // Ready once it has captured one of our marker datagrams ("Packets: N" on its stderr): the
      // capture starts well after dumpcap says "Capturing on".
      bool ready = false;
      for (int i = 0; i < 100 && !ready; ++i) {
        send_udp_marker(r.marker_port);
        ready = wait_for_text(dir_ / "dumpcap.stderr", "Packets: ", 100ms);
      }
      if (!ready) {
        dumpcap.reset();
        r.capture.clear();
      }
    }
    Process sipp({"sipp",
                  "-sf",
                  std::string(DISCO_SIPP_DIR) + "/" + scenario,
                  "-i",
                  "127.0.0.1",
                  "-p",
                  std::to_string(port),
                  "-t",
                  transport == "tcp" ? "t1" : "u1",
                  "-m",
                  "1",
                  "-nostdin",
                  "-timeout",
                  "30s",
                  "-timeout_error",
                  "-trace_msg",
                  "-message_file",
                  (dir_ / "sipp_messages.log").string(),
                  "-trace_err",
                  "-error_file",
                  (dir_ / "sipp_errors.log").string()},
                 (dir_ / "sipp.stderr").string(), (dir_ / "sipp.stdout").string());
    // sipp needs a moment to bind; over UDP the SUBSCRIBE is retransmitted anyway (Timer E), over
    // TCP confinfo-watch would fail to connect, so wait until the port is listening.
    for (int i = 0; i < 100 && transport == "tcp"; ++i) {
      if (run_command("ss -ltnH 'sport = :" + std::to_string(port) + "' | grep -q .").exit_code == 0) break;
      std::this_thread::sleep_for(20ms);
    }
    std::vector<std::string> args{DISCO_CONFINFO_WATCH,
                                  "sip:team-conf-alice@example.org",
                                  "--focus",
                                  "127.0.0.1:" + std::to_string(port),
                                  "--transport",
                                  transport,
                                  "--json",
                                  "-vv"};
    if (transport == "udp") {
      args.insert(args.end(), {"--local", "127.0.0.1", "--local-port", std::to_string(r.watch_port)});
    }
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    Process watch(args, (dir_ / "confinfo-watch.stderr").string());
    std::string xml;
    const auto deadline = std::chrono::steady_clock::now() + 40s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto line = watch.read_line(1s);
      if (!line) {
        if (watch.wait(0ms)) break;
        continue;
      }
      if (line->empty() && xml.empty()) continue;
      if (line->empty() || line->front() != '{') {  // --xml output: documents between the events
        xml += *line + "\n";
        if (line->find("</conference-info>") != std::string::npos) r.xml_documents.push_back(std::exchange(xml, {}));
        continue;
      }
      auto e = json::parse(*line, nullptr, false);
      EXPECT_FALSE(e.is_discarded()) << "not JSON: " << *line;
      if (e.is_discarded()) continue;
      r.events.push_back(e);
      if (on_event) on_event(e, watch);
    }
    r.watch_exit = watch.wait(10s).value_or(-1);
    r.sipp_exit = sipp.wait(10s).value_or(-1);
    if (dumpcap) {
      // dumpcap drops what it has not read yet when it stops: make it read past everything by
      // waiting, twice, for a count update after a fresh marker (packets arrive in order).
      for (int round = 0; round < 2; ++round) {
        const auto seen = size_of(dir_ / "dumpcap.stderr");
        send_udp_marker(r.marker_port);
        for (int i = 0; i < 50 && size_of(dir_ / "dumpcap.stderr") == seen; ++i) std::this_thread::sleep_for(100ms);
      }
      dumpcap->signal(SIGINT);
      EXPECT_EQ(dumpcap->wait(10s), 0) << "dumpcap did not stop cleanly";
    }
    return r;
  }

  std::filesystem::path dir_;
};

// The events without their time and conference, for comparison.
std::vector<json> essentials(const std::vector<json>& events) {
  std::vector<json> out;
  for (auto e : events) {
    EXPECT_TRUE(e.contains("time"));
    EXPECT_EQ(e.value("conference", ""), "sip:team-conf-alice@example.org");
    e.erase("time");
    e.erase("conference");
    if (e["event"] == "subscribed") e.erase("focus");
    out.push_back(e);
  }
  return out;
}

TEST_P(ConfinfoWatchSipp, FullPartialAddChangeDeleteAndEnd) {
  auto r = run("notifier_sequence.xml");
  EXPECT_EQ(r.watch_exit, 0);
  EXPECT_EQ(r.sipp_exit, 0) << "sipp did not see the requests its scenario expects";
  const auto expected = json::parse(R"([
    {"event":"subscribed","expires_s":600,"pending":false},
    {"event":"conference_changed","version":1,"fields":{"entity":"sip:team-conf-alice@example.org"}},
    {"event":"conference_state_changed","version":1,"fields":{"user-count":"1"}},
    {"event":"user_added","version":1,"user":"sip:alice@example.org","fields":{"display-text":"Alice"}},
    {"event":"endpoint_added","version":1,"user":"sip:alice@example.org","endpoint":"sip:alice@192.0.2.10",
     "fields":{"status":"connected","joining-method":"dialed-in"}},
    {"event":"user_added","version":2,"user":"sip:bob@example.org","fields":{"display-text":"Bob"}},
    {"event":"endpoint_added","version":2,"user":"sip:bob@example.org","endpoint":"sip:bob@192.0.2.20",
     "fields":{"status":"alerting"}},
    {"event":"endpoint_changed","version":3,"user":"sip:bob@example.org","endpoint":"sip:bob@192.0.2.20",
     "fields":{"status":"connected"}},
    {"event":"user_removed","version":4,"user":"sip:alice@example.org","fields":{}},
    {"event":"conference_ended","version":5,"fields":{}},
    {"event":"ended","reason":"conference ended"}
  ])");
  EXPECT_EQ(json(essentials(r.events)).dump(1), expected.dump(1));
  if (r.capture.empty()) {
    std::cout << "[ note ] no capture: dumpcap cannot capture on lo here, tshark check skipped\n";
  } else {
    // SUBSCRIBE + 200, five NOTIFYs + their 200s.
    EXPECT_EQ(expect_clean_sip_capture(r.capture, r.port, r.watch_port, r.marker_port), 12);
  }
}

TEST_P(ConfinfoWatchSipp, MergedDocumentsValidateAgainstTheRfc4575Schema) {
  if (!have_program("xmllint")) GTEST_SKIP() << "xmllint is not installed (Debian libxml2-utils)";
  if (!std::filesystem::exists(DISCO_CONFERENCE_XSD)) GTEST_SKIP() << "no schema at " << DISCO_CONFERENCE_XSD;
  auto r = run("notifier_sequence.xml", {}, {"--xml"});
  EXPECT_EQ(r.watch_exit, 0);
  ASSERT_EQ(r.xml_documents.size(), 4u);  // after versions 1-4; version 5 ends the conference
  for (std::size_t i = 0; i < r.xml_documents.size(); ++i) {
    const auto file = dir_ / ("merged-" + std::to_string(i + 1) + ".xml");
    std::ofstream(file) << r.xml_documents[i];
    const auto v = run_command("xmllint --noout --schema '" + std::string(DISCO_CONFERENCE_XSD) + "' '" +
                               file.string() + "' 2>&1");
    EXPECT_EQ(v.exit_code, 0) << v.out;
  }
  EXPECT_NE(r.xml_documents[2].find("<status>connected</status>"), std::string::npos);
  EXPECT_EQ(r.xml_documents[3].find("sip:alice@example.org"), std::string::npos);  // deleted in version 4
}

TEST_P(ConfinfoWatchSipp, VersionGapForcesAResubscribeForFullState) {
  auto r = run("notifier_gap.xml");
  EXPECT_EQ(r.watch_exit, 0);
  EXPECT_EQ(r.sipp_exit, 0) << "sipp did not see the re-SUBSCRIBE";
  const auto expected = json::parse(R"([
    {"event":"subscribed","expires_s":600,"pending":false},
    {"event":"conference_changed","version":1,"fields":{"entity":"sip:team-conf-alice@example.org"}},
    {"event":"conference_state_changed","version":1,"fields":{"user-count":"1"}},
    {"event":"user_added","version":1,"user":"sip:alice@example.org","fields":{"display-text":"Alice"}},
    {"event":"endpoint_added","version":1,"user":"sip:alice@example.org","endpoint":"sip:alice@192.0.2.10",
     "fields":{"status":"connected","joining-method":"dialed-in"}},
    {"event":"resubscribe","reason":"version_gap","local_version":1,"received_version":3},
    {"event":"conference_state_changed","version":3,"fields":{"user-count":null}},
    {"event":"endpoint_changed","version":3,"user":"sip:alice@example.org","endpoint":"sip:alice@192.0.2.10",
     "fields":{"joining-method":null}},
    {"event":"user_added","version":3,"user":"sip:carol@example.org","fields":{"display-text":"Carol"}},
    {"event":"conference_ended","version":4,"fields":{}},
    {"event":"ended","reason":"conference ended"}
  ])");
  EXPECT_EQ(json(essentials(r.events)).dump(1), expected.dump(1));
}

TEST_P(ConfinfoWatchSipp, RefreshesBeforeExpiryAndUnsubscribesOnSigint) {
  auto r = run("notifier_refresh_unsubscribe.xml", [](const json& e, Process& watch) {
    if (e["event"] == "user_added" && e.value("user", "") == "sip:bob@example.org") watch.signal(SIGINT);
  });
  EXPECT_EQ(r.watch_exit, 0);
  EXPECT_EQ(r.sipp_exit, 0) << "sipp did not see the refresh and the Expires: 0 unsubscribe";
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front()["expires_s"], 2);
  EXPECT_EQ(r.events.back()["event"], "ended");
  EXPECT_EQ(r.events.back()["reason"], "interrupted");
  if (!r.capture.empty()) {
    // SUBSCRIBE, refresh, unsubscribe (+ 200s) and three NOTIFYs (+ 200s).
    EXPECT_EQ(expect_clean_sip_capture(r.capture, r.port, r.watch_port, r.marker_port), 12);
  }
}

TEST_P(ConfinfoWatchSipp, UnreachableFocusIsExitCodeThree) {
  // Nobody listens on this port: TCP is refused at once; UDP gets no answer until Timer F (32 s),
  // too long for a test, so UDP is checked with ICMP-less silence only through the TCP variant.
  if (GetParam() != "tcp") GTEST_SKIP() << "UDP waits for Timer F (64*T1 = 32 s)";
  Process watch({DISCO_CONFINFO_WATCH, "sip:team-conf-alice@example.org", "--focus",
                 "127.0.0.1:" + std::to_string(free_port()), "--transport", "tcp", "--json"},
                (dir_ / "confinfo-watch.stderr").string());
  EXPECT_EQ(watch.wait(10s), 3);
}

INSTANTIATE_TEST_SUITE_P(Transports, ConfinfoWatchSipp, ::testing::Values("udp", "tcp"));

}  // namespace
}  // namespace disco::test
