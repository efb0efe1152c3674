/// <reference path="../.astro/types.d.ts" />

declare namespace App {
  interface Locals {
    /** Set by the lesson page so <Task id="..."/> in MDX knows its lab. */
    lessonLab?: string;
  }
}
