// Fragment: the label Claim.
Claim
