// placeholder while drafting
