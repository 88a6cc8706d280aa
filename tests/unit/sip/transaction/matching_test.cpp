// RFC 3261 s17.1.3 (responses to client transactions), s17.2.3 (requests to server transactions),
// s9.2 (which transaction a CANCEL names), and what the layer does with messages it cannot match.

#include <gtest/gtest.h>

#include <stdexcept>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/response.hpp"
#include "libcommon/sip/transaction/errc.hpp"
#include "tests/unit/sip/transaction/transaction_test_util.hpp"

namespace disco::sip::test {
namespace {

struct TransactionMatching : ::testing::Test {
  base::ManualClock clock;
  TransactionLayer layer;

  TransactionId server_for(const Message& m, const Peer& from) {
    layer.on_message(m, from, clock.now());
    const auto received = all_of<RequestReceived>(layer.take_actions());
    EXPECT_EQ(received.size(), 1u);
    return received.empty() ? TransactionId{} : received[0].server;
  }
};

TEST_F(TransactionMatching, CancelAndInviteWithOneBranchAreTwoClientTransactions) {
  // s9.1: the CANCEL copies the INVITE's top Via, branch included; the CSeq method tells them apart.
  const Message invite = request("INVITE");
  const Message cancel = request("CANCEL");
  const TransactionId inv = layer.send_request(invite, udp_server, clock.now());
  const TransactionId can = layer.send_request(cancel, udp_server, clock.now());
  EXPECT_NE(inv, can);
  (void)layer.take_actions();
  const Message cancel_ok = response(cancel, 200);
  layer.on_message(cancel_ok, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{can, cancel_ok}}));
  const Message terminated = response(invite, 487);
  layer.on_message(terminated, udp_server, clock.now());
  const auto got = all_of<ResponseReceived>(layer.take_actions());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], (ResponseReceived{inv, terminated}));
}

TEST_F(TransactionMatching, CancelAndInviteWithOneBranchAreTwoServerTransactionsAndTheCancelNamesTheInvite) {
  const TransactionId inv = server_for(request("INVITE"), udp_client);
  const Message cancel = request("CANCEL");
  layer.on_message(cancel, udp_client, clock.now());
  const auto received = all_of<RequestReceived>(layer.take_actions());
  ASSERT_EQ(received.size(), 1u);
  EXPECT_NE(received[0].server, inv);
  EXPECT_EQ(received[0].cancels, inv);
  EXPECT_EQ(layer.size(), 2u);
  // A CANCEL naming nothing (s9.2: the TU answers 481).
  RequestSpec other{.method = "CANCEL", .branch = "z9hG4bKnothing"};
  layer.on_message(request(other), udp_client, clock.now());
  const auto lonely = all_of<RequestReceived>(layer.take_actions());
  ASSERT_EQ(lonely.size(), 1u);
  EXPECT_FALSE(lonely[0].cancels);
}

TEST_F(TransactionMatching, ResponseWithAnotherSentByIsStray) {
  const Message options = request("OPTIONS");
  layer.send_request(options, udp_server, clock.now());
  (void)layer.take_actions();
  Message foreign = response(options, 200);
  foreign.set("Via", "SIP/2.0/UDP mallory.example.com;branch=" + std::string(branch));
  layer.on_message(foreign, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayResponse{foreign, udp_server}}));
  Message other_port = response(options, 200);
  other_port.set("Via", "SIP/2.0/UDP pc33.atlanta.com:5070;branch=" + std::string(branch));
  layer.on_message(other_port, udp_server, clock.now());
  EXPECT_EQ(count_of<StrayResponse>(layer.take_actions()), 1u);
  EXPECT_EQ(layer.size(), 1u);
}

TEST_F(TransactionMatching, ResponseWithAnotherBranchOrMethodIsStray) {
  const Message options = request("OPTIONS");
  layer.send_request(options, udp_server, clock.now());
  (void)layer.take_actions();
  const Message other_branch = response(request("OPTIONS", "z9hG4bKother"), 200);
  const Message other_method = response(request("INFO"), 200);
  layer.on_message(other_branch, udp_server, clock.now());
  layer.on_message(other_method, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(),
            (Actions{StrayResponse{other_branch, udp_server}, StrayResponse{other_method, udp_server}}));
}

TEST_F(TransactionMatching, SentByHostIsCaseInsensitiveAndBranchIsExact) {
  RequestSpec upper{.sent_by = "PC33.Atlanta.COM"};
  const TransactionId id = server_for(request(upper), udp_client);
  layer.on_message(request(RequestSpec{}), udp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty()) << "same transaction: a retransmission";
  RequestSpec other_case{.branch = "z9hG4bK776ASDHDS"};
  EXPECT_NE(server_for(request(other_case), udp_client), id);
}

TEST_F(TransactionMatching, SameBranchFromAnotherSentByIsAnotherServerTransaction) {
  // s17.2.3: sent-by guards against branches duplicated by accident or malice.
  const TransactionId a = server_for(request(RequestSpec{}), udp_client);
  RequestSpec spoofed{.sent_by = "mallory.example.com"};
  const TransactionId b = server_for(request(spoofed), udp_client);
  EXPECT_NE(a, b);
  RequestSpec with_port{.sent_by = "pc33.atlanta.com:5060"};
  EXPECT_NE(server_for(request(with_port), udp_client), a) << "a port written out is another sent-by";
}

TEST_F(TransactionMatching, AckMatchesTheInviteTransactionByBranchAndSentBy) {
  RequestSpec spec{.method = "INVITE"};
  const TransactionId id = server_for(request(spec), udp_client);
  layer.send_response(id, response(request(spec), 404), clock.now());
  (void)layer.take_actions();
  RequestSpec foreign = spec;
  foreign.sent_by = "mallory.example.com";
  const Message foreign_ack = ack_for(foreign);
  layer.on_message(foreign_ack, udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayAck{foreign_ack, udp_client}}));
  EXPECT_EQ(layer.state(id), TransactionState::completed);
  layer.on_message(ack_for(spec), udp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty());
  EXPECT_EQ(layer.state(id), TransactionState::confirmed);
}

TEST_F(TransactionMatching, AckNeverMatchesANonInviteTransaction) {
  const TransactionId id = server_for(request("OPTIONS"), udp_client);
  const Message ack = request("ACK");
  layer.on_message(ack, udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayAck{ack, udp_client}}));
  EXPECT_EQ(layer.state(id), TransactionState::trying);
}

TEST_F(TransactionMatching, RequestWithoutTheMagicCookieIsLeftToTheTuFor400) {
  // RFC 2543 matching (s17.2.3) is not implemented.
  const Message old = request("OPTIONS", "1a2b3c");
  layer.on_message(old, udp_client, clock.now());
  const Actions actions = layer.take_actions();
  ASSERT_EQ(actions.size(), 1u);
  const auto& invalid = std::get<InvalidMessage>(actions[0]);
  EXPECT_EQ(invalid.why.code, transaction::errc::no_rfc3261_branch);
  EXPECT_EQ(invalid.why.header, "Via");
  EXPECT_EQ(layer.size(), 0u);
  const auto answer = response_to_invalid(invalid.message, invalid.why, "tag1");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status_line()->code, 400);
  EXPECT_NE(answer->status_line()->reason.find("magic cookie"), std::string::npos);
  // A bare cookie identifies nothing either (RFC 4475 s3.2.1).
  layer.on_message(request("OPTIONS", "z9hG4bK"), udp_client, clock.now());
  EXPECT_EQ(count_of<InvalidMessage>(layer.take_actions()), 1u);
}

TEST_F(TransactionMatching, AckWithoutTheMagicCookieIsStray) {
  const Message old_ack = request("ACK", "1a2b3c");
  layer.on_message(old_ack, udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayAck{old_ack, udp_client}}));
}

TEST_F(TransactionMatching, MessagesFailingValidateAreReportedNotMatched) {
  Message no_cseq = request("OPTIONS");
  no_cseq.erase("CSeq");
  layer.on_message(no_cseq, udp_client, clock.now());
  const Actions actions = layer.take_actions();
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(std::get<InvalidMessage>(actions[0]).why.code, errc::missing_header);
  EXPECT_EQ(layer.size(), 0u);

  const Message options = request("OPTIONS");
  layer.send_request(options, udp_server, clock.now());
  (void)layer.take_actions();
  Message bad_response = response(options, 200);
  bad_response.erase("Call-ID");
  layer.on_message(bad_response, udp_server, clock.now());
  EXPECT_EQ(count_of<InvalidMessage>(layer.take_actions()), 1u);
  EXPECT_EQ(layer.state(TransactionId{1}), TransactionState::trying);
}

TEST_F(TransactionMatching, ResponseWithNoTransactionsIsStray) {
  const Message ok = response(request("INVITE"), 200);
  layer.on_message(ok, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayResponse{ok, udp_server}}));
}

TEST_F(TransactionMatching, SendRequestRejectsWhatCannotStartAClientTransaction) {
  EXPECT_THROW(layer.send_request(request("ACK"), udp_server, clock.now()), std::invalid_argument);
  EXPECT_THROW(layer.send_request(request("OPTIONS", "1a2b3c"), udp_server, clock.now()), std::invalid_argument);
  Message mismatch = request("OPTIONS");
  mismatch.set("CSeq", "1 INFO");
  EXPECT_THROW(layer.send_request(mismatch, udp_server, clock.now()), std::invalid_argument);
  EXPECT_THROW(layer.send_request(response(request("OPTIONS"), 200), udp_server, clock.now()), std::invalid_argument);
  layer.send_request(request("OPTIONS"), udp_server, clock.now());
  EXPECT_THROW(layer.send_request(request("OPTIONS"), tcp_server, clock.now()), std::invalid_argument)
      << "a branch names one transaction";
  EXPECT_EQ(layer.size(), 1u);
  EXPECT_EQ(layer.take_actions().size(), 1u);
}

TEST_F(TransactionMatching, SendResponseRejectsMisuse) {
  const TransactionId client = layer.send_request(request("OPTIONS"), udp_server, clock.now());
  const TransactionId server = server_for(request("INFO"), udp_client);
  EXPECT_THROW(layer.send_response(client, response(request("OPTIONS"), 200), clock.now()), std::invalid_argument);
  EXPECT_THROW(layer.send_response(server, request("INFO"), clock.now()), std::invalid_argument);
  Message odd = response(request("INFO"), 200);
  odd.status_line()->code = 700;
  EXPECT_THROW(layer.send_response(server, odd, clock.now()), std::invalid_argument);
  EXPECT_FALSE(layer.send_response(TransactionId{999}, response(request("INFO"), 200), clock.now()));
}

}  // namespace
}  // namespace disco::sip::test
