package com.example.echatdemo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application that receives Echat's pushes at /echat. */
@SpringBootApplication
public class EchatDemoApplication {

  public static void main(String[] args) {
    SpringApplication.run(EchatDemoApplication.class, args);
  }
}
