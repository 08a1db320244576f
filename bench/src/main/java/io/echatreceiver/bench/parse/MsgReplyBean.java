package io.echatreceiver.bench.parse;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.thoughtworks.xstream.annotations.XStreamAlias;

/**
 * The msgReply push as a mutable bean with one field per element, the way WxJava models WeChat
 * messages for XStream; Jackson XML binds the same bean. Field names are the element names.
 */
@XStreamAlias("xml")
@JacksonXmlRootElement(localName = "xml")
public class MsgReplyBean {
  public Long msgId;
  public Long tm;
  public Long companyId;
  public String uid;
  public Integer visitorType;
  public String appId;
  public Integer type;
  public String talkId;
  public Long chatTime;
  public String staffName;
  public String staffLogName;
  public String staffNickName;
  public String echatTag;
  public String routeName;
  public String chatDepartmentName;
  public String chatChannel;
  public String replyChannel;
  public String email;
  public String mobile;
  public String replyContent;
  public String chatRecord;
  public String viewUrl;
  public String myData;
  public Integer unreadMsgCount;
}
