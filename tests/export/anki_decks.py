"""Small decks in the documented YAML format, written to tmp_path by the export tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

MANIFEST = """
deck: lambda
title: AWS Lambda
description: Lambda for **SAA-C03**.
topics:
  - slug: concurrency
    title: Concurrency and throttling
    domains: [resilient, performance]
    tasks: ["3.2", "2.2"]
  - slug: security
    title: IAM and security
    domains: [secure]
    tasks: ["1.2"]
"""

CONCURRENCY = """
topic: concurrency
notes:
  - id: lambda.concurrency.note
    title: Concurrency
    summary: Concurrency is **requests in flight**.
    tables:
      - id: lambda.concurrency.terms
        title: Controls
        columns: [Control, What it does]
        rows:
          - [Reserved concurrency, Guarantees and caps a function's share]
          - [Provisioned concurrency, Keeps environments initialised]
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html]
cards:
  - id: lambda.concurrency.reserved-zero
    front: What happens when reserved concurrency is **0**?
    back: Every invocation is throttled.
    extra: "Use it as an off switch: `PutFunctionConcurrency` with 0."
    reverse: true
    tags: [exam-trap]
    source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
  - id: lambda.concurrency.default-quota
    cloze: 'The default quota is {{c1::1,000}} concurrent executions per {{c2::Region::where?}}.'
    extra: It can be raised.
  - id: lambda.concurrency.control-by-effect
    from_table: lambda.concurrency.terms
    front: "Which concurrency control: {What it does}?"
    back: "{Control}"
questions:
  - id: lambda.concurrency.q.noisy
    stem: >-
      A payment function is throttled while batch jobs run. Which solution guarantees it
      200 concurrent executions?
    domain: resilient
    difficulty: easy
    tasks: ["2.2"]
    options:
      - text: Configure reserved concurrency of 200 on the payment function.
        correct: true
        why: It sets aside 200 of the pool for this function alone.
      - text: Configure provisioned concurrency on the batch functions.
        why: That pre-warms the batch functions and reserves nothing for payments.
      - text: Raise the payment function's memory.
        why: Memory changes speed, not the share of concurrency.
      - text: Move the payment function into a VPC.
        why: Networking does not change concurrency.
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html]
"""

SECURITY = """
topic: security
cards:
  - id: lambda.security.iam-json
    front: Which policy lets a function read objects from one bucket?
    back: |
      ```json
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}
      ```
  - id: lambda.security.hostile
    front: |-
      <script>alert("pwned")</script> & "quotes" <b>not bold</b>
    back: |-
      Type `{{c1::not a cloze}}` literally; **never** <img src=x onerror=alert(1)>.
  - id: lambda.security.hostile-cloze
    cloze: '<script>x</script> The role is the {{c1::execution role}}; `{{c9::` is text.'
questions:
  - id: lambda.security.q.two
    stem: Which two give a function permission to call S3?
    choose: 2
    domain: secure
    difficulty: medium
    tasks: ["1.2"]
    options:
      - {text: An execution role with s3 permissions., correct: true, why: The function assumes it.}
      - text: A resource policy on the bucket naming the role.
        correct: true
        why: Buckets can grant access too.
      - {text: An access key in an environment variable., why: Long-lived keys are an anti-pattern.}
      - {text: A security group rule., why: "Security groups are network controls, not permissions."}
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html]
"""

IAM_JSON = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}'


def write_lambda_deck(root: Path, *, concurrency: str = CONCURRENCY, security: str = SECURITY) -> Path:
    """Write the two-topic test deck under `root` (a content root) and return the root."""
    files = {"lambda/deck.yaml": MANIFEST, "lambda/topics/concurrency.yaml": concurrency,
             "lambda/topics/security.yaml": security}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root
