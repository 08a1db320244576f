package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.Delivery;
import io.echatreceiver.channel.LogHandler;
import io.echatreceiver.model.ChatMessageType;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.ContentType;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.VisitorType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed push travels from a real HTTP request into the handler, typed. */
class PushReceptionTest {

  private static final String TOKEN = "myToken";

  @TempDir Path quarantine;
  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("quarantineDirectory", quarantine.toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    // The log handler too, so that its masking runs on every sample (see LogHygieneIT).
    params.put("handler.log.class", LogHandler.class.getName());
    server = ReceiverServer.start(params);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void msgReplySampleAsPrintedInTheSpecArrivesTyped() throws Exception {
    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build());

    assertEquals(200, response.statusCode());
    assertEquals("success", response.body());
    assertEquals(
        "text/plain;charset=utf-8",
        response.headers().firstValue("Content-Type").orElseThrow().toLowerCase().replace(" ", ""));
    MsgReply reply = assertInstanceOf(MsgReply.class, probe.onlyPush());
    assertEquals(345678L, reply.msgId());
    assertEquals(Instant.ofEpochMilli(1500000237041L), reply.tm());
    assertEquals(60L, reply.companyId());
    assertEquals("28474495", reply.visitor().uid());
    assertEquals(VisitorType.MEMBER, reply.visitor().visitorType());
    assertEquals(Optional.of("公众号或者小程序的appId"), reply.visitor().appId());
    assertEquals(Optional.of("allen@echatsoft.com"), reply.visitor().email());
    assertEquals(Optional.of("18098922786"), reply.visitor().mobile());
    assertEquals(Optional.of("web/sdk渠道接入时客户传递的业务数据"), reply.visitor().myData());
    assertEquals("Allen", reply.staff().name());
    assertEquals(Optional.of("Allen@Echat"), reply.staff().nickName());
    assertEquals(Optional.of("18038039853"), reply.staff().logName());
    assertEquals(Optional.of("1733339"), reply.conversation().talkId());
    assertEquals(Optional.of("商品咨询"), reply.conversation().echatTag());
    assertEquals(Optional.of("商品咨询"), reply.conversation().routeName());
    assertEquals(Optional.of("商品咨询"), reply.conversation().departmentName());
    assertEquals(Optional.of("webpc"), reply.conversation().chatChannel());
    assertEquals(Instant.ofEpochMilli(1500000237041L), reply.chatTime());
    assertEquals(List.of("email", "sms"), List.copyOf(reply.replyChannels()));
    assertEquals("客服回复的内容", reply.replyContent());
    assertEquals("访客留言的内容", reply.chatRecord());
    assertEquals(Optional.of("http://api.echatsoft.com/msgReply/xxx"), reply.viewUrl());
    assertEquals(3, reply.unreadMsgCount());
    assertEquals(Optional.of("3"), reply.xml().childText("type"));
  }

  @Test
  void msgSendSampleAsPrintedInTheSpecArrivesTyped() throws Exception {
    HttpResponse<String> response =
        server.send(EchatRequests.push(PushType.MSG_SEND, Samples.msgSend()).token(TOKEN).build());

    assertEquals("success", response.body());
    MsgSend send = assertInstanceOf(MsgSend.class, probe.onlyPush());
    assertEquals(345678L, send.msgId());
    assertEquals("客服回复的内容", send.replyContent());
    assertEquals(Set.of("email", "sms"), send.replyChannels());
    assertEquals(Optional.of("http://api.echatsoft.com/msgReply/xxx"), send.viewUrl());
    assertEquals(Optional.of("4"), send.xml().childText("type"));
  }

  @Test
  void chatSendSampleAsPrintedInTheSpecArrivesTyped() throws Exception {
    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.CHAT_SEND, Samples.chatSend()).token(TOKEN).build());

    assertEquals("success", response.body());
    ChatSend chat = assertInstanceOf(ChatSend.class, probe.onlyPush());
    assertEquals(Optional.of("ZH-CN"), chat.lan());
    assertEquals(ChatMessageType.SYSTEM, chat.messageType());
    assertEquals(ContentType.CHAT_START, chat.contentType());
    assertEquals("您好,请问有什么可以帮助到您?", chat.content());
    assertEquals(Optional.of("web/sdk渠道接入时客户传递的推送信息"), chat.pushInfo());
    assertEquals(
        Optional.of(
            "http://vfile.rainbowred.com/group1/M00/37/FC/wKhCBFi-kY-AXWamAAAPfGESU5s664.PNG"),
        chat.staff().photo());
    assertEquals(Optional.of("mobile"), chat.conversation().chatChannel());
    assertEquals(Set.of(), chat.replyChannels());
  }

  @Test
  void newerSampleWithDoubledAngleBracketIsAccepted() throws Exception {
    String xml = Samples.chatSend().replace("</staffNickName>", "</staffNickName>>");

    HttpResponse<String> response =
        server.send(EchatRequests.push(PushType.CHAT_SEND, xml).token(TOKEN).build());

    assertEquals("success", response.body());
    ChatSend chat = assertInstanceOf(ChatSend.class, probe.onlyPush());
    assertEquals(Optional.of("Allen@Echat"), chat.staff().nickName());
  }

  @Test
  void unknownCodesAreKeptRatherThanRefused() throws Exception {
    String xml =
        Samples.chatSend()
            .replace("<visitorType>1</visitorType>", "<visitorType>9</visitorType>")
            .replace("<contentType>1</contentType>", "<contentType>77</contentType>")
            .replace("<msgType>1</msgType>", "<msgType>3</msgType>");

    server.send(EchatRequests.push(PushType.CHAT_SEND, xml).token(TOKEN).build());

    ChatSend chat = assertInstanceOf(ChatSend.class, probe.onlyPush());
    assertEquals(VisitorType.UNRECOGNIZED, chat.visitor().visitorType());
    assertEquals(9, chat.visitor().visitorTypeCode());
    assertEquals(ContentType.UNRECOGNIZED, chat.contentType());
    assertEquals(77, chat.contentTypeCode());
    assertEquals(ChatMessageType.UNRECOGNIZED, chat.messageType());
    assertEquals(3, chat.messageTypeCode());
  }

  @Test
  void unknownMsgTypeArrivesAsGenericPushWithEveryElement() throws Exception {
    String xml =
        "<xml><msgId>9001</msgId><tm>1700000000000</tm><companyId>60</companyId>"
            + "<readTime>1700000000500</readTime><uid><![CDATA[28474495]]></uid></xml>";

    HttpResponse<String> response =
        server.send(EchatRequests.push(PushType.staffPush("msgRead"), xml).token(TOKEN).build());

    assertEquals("success", response.body());
    GenericPush push = assertInstanceOf(GenericPush.class, probe.onlyPush());
    assertEquals(PushType.staffPush("msgRead"), push.type());
    assertEquals(9001L, push.msgId());
    assertEquals(Optional.of("1700000000500"), push.xml().childText("readTime"));
    assertEquals(Optional.of("28474495"), push.xml().childText("uid"));
  }

  @Test
  void otherServerDataArrivesAsGenericPushWithNestedElementsAsATree() throws Exception {
    String xml =
        "<xml><msgId>77</msgId><tm>1700000000000</tm>"
            + "<visitorData><uid>u1</uid></visitorData>"
            + "<trackData><pageData><url>https://a.example/1</url></pageData>"
            + "<pageData><url>https://a.example/2</url></pageData></trackData></xml>";

    HttpResponse<String> response =
        server.send(EchatRequests.push(PushType.of("visitorTrackPage"), xml).token(TOKEN).build());

    assertEquals("success", response.body());
    GenericPush push = assertInstanceOf(GenericPush.class, probe.onlyPush());
    assertEquals(PushType.of("visitorTrackPage"), push.type());
    Element track = push.xml().child("trackData").orElseThrow();
    assertEquals(
        List.of("https://a.example/1", "https://a.example/2"),
        track.children("pageData").stream()
            .map(page -> page.childText("url").orElseThrow())
            .toList());
    assertEquals(
        Optional.of("u1"), push.xml().child("visitorData").flatMap(data -> data.childText("uid")));
  }

  @Test
  void handlerIsGivenItsOwnParamsAndAStableIdempotencyKey() throws Exception {
    server.send(EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build());

    Delivery delivery = probe.deliveries.get(0);
    assertEquals("recorder", delivery.handlerName());
    assertEquals("60:staffPush/msgReply:345678:recorder", delivery.idempotencyKey());
    assertEquals(1, delivery.attempt());
    assertEquals("default", delivery.account());
    assertEquals(Map.of("probe", probe.id), probe.config.params());
  }

  @Test
  void bodyIsReadAsUtf8WhateverTheContentTypeSays() throws Exception {
    var request = EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build();

    HttpResponse<String> response =
        server.post(
            request.query(),
            request.body(),
            "application/x-www-form-urlencoded; charset=ISO-8859-1");

    assertEquals("success", response.body());
    MsgReply reply = assertInstanceOf(MsgReply.class, probe.onlyPush());
    assertEquals("客服回复的内容", reply.replyContent());
  }

  @Test
  void pushWithinAnExistingQueryStringIsVerifiedToo() throws Exception {
    var request =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .param("source", "echat")
            .build();

    HttpResponse<String> response = server.send(request);

    assertEquals("success", response.body());
    assertTrue(probe.pushes.size() == 1);
  }
}
