/**
 * A 37×23 JPEG with 4:4:4 sampling (no chroma subsampling), as the mock
 * server and TigerVNC send them; Chromium's canvas encoder only makes 4:2:0.
 * Made by mock-server/wire/jpeg.ts (jpeg-js, quality 90) from saturated 4×4
 * cells with a diagonal line and channel ramps: sharp colour edges, where a
 * conversion that is not libjpeg's shows.
 */
export const JPEG_444_W = 37;
export const JPEG_444_H = 23;
export const JPEG_444 = Uint8Array.from(
  atob(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRQBAwQEBQQFCQUFCRQNCw0UFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFP/AABEIABcAJQMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AOVhl/4Vp5ccaf2teaj/AKqEnyd3l9VB+bLneMDjOCB8xAPm8IcAf6+/WHKv7CNDlu+Xnvz8396FkuTV679Em18txlxf/wARy9hTp0PqlbCc3LHm9r7b2vLdJ8tPlnH2a5Y2ftLtJqajGpw/hfQvN8z97jG3+H6+9ehx5xZ/rf8AV/8AZvZey5/t81+bl/uxtbl873P7k4N4J/4hv9Z/2n6x9Y5PscnLyc396d78/la3W+kH7Q3ws/4Sfxjpmg/2l9m/sywW++0eRv8AM+0SOm3buGNv2XOcnO/oMc+n4U8M/wBu4TF4r2nJaUY2tfZN3vdd+3Q/irMfF7/XPA0cb9R9lyTqRt7TmvpTd7+zj32sep+F9C83zf3uMbf4fr718Dx5xZ/rf9X/ANm9l7Ln+3zX5uX+7G1uXzvc/qDg3gn/AIhv9Z/2n6x9Y5PscnLyc396d78/la3W+nlN9qf/AA0zHD+5/wCEb/sTP8X2rzvOx7Jtx5Pvnd2xz+gcFeHns3if9o/k+x/i/vH8xcd8dfWnhv8AZrW5/t/4f7p7pr3wD/4ZN+HXiHwr/bf/AAlX/CffZv8AS/sn2P7D9hmWT7m+Tzd/nY6rt25+bOB+FZNV/wBaMwp47k9n9Vvpfm5vaRa3tG1uW+zvfof0P4aZV7DNJZl7S/sbe7bfnjOO99Lb7O/kZeq6/wD8Kc+yxx239uXmq7vKh3/Z8+VjKg4fLnzBgcZwQCWIB9rF0vrFnKNord72v92mmr6el2v5Q4p4l/4j17KnTpfVK2D5uWPN7X23tbXSdqfLOPs1yxs/aczSamoxqcR8PfA/9mfa/wDS/M37P+WWMY3e/vXoywPsr9bn9y8LcJf8Q/8ArH7/ANv7fl+zycvJzf3p3vz+VrdbnlniLxb/AMNA/Yv9D/sH+yN//LX7T5vm7fZNuPK9857Y5+9r4b/Ufp7b23/bluT/AMCvfm8rW63P5f404x/tL2H7jl5eb7V9+X+6ux9NeA/BH9mR3n+meZv2f8ssYxu9/evxn6j7J97n7bwpwl/xD91/3/t/b8v2eTl5Ob+9O9+fytbrfTifEXi7/hRP2L/Q/wC3P7V3/wDLX7P5XlbfZ92fM9sY75r9pr4dY7pa3z3+7sfyXxpxh/xGr2H7j6n9T5vte15/a8v92ny8vs/7179La8p8PfBH9mfa/wDTPM37P+WWMY3e/vXVLBKlfrc/vnhbhL/iH/1j9/7f2/L9nk5eTm/vTvfn8rW630l/aU+HP/CQeLtN0BL/AMu60zTTqYkMOROkrSB1+98pQWu7k/MGPQqA/Xk2crIsK8U6POqs3D4rcrgo2ezupOpbyst03y/x9DxK/wCIlZf9bhhPYVKLqWjz86nGMIzm+bkjaUY62atJKXvc3LGfo3w98Ef2Z9r/ANM8zfs/5ZYxjd7+9fEywSpX63P6M4W4S/1A+sfv/b+35fs8nLyc396d78/la3W55T4p8Xf8NAx2f+h/2D/ZG/8A5a/afN83b7Jtx5Xvnd2xX39XDrgd7e29t/25bk/8Cvfm8rW63P5h4y4w/tJ0P3HLy832r78v91dj/9k=',
  ),
  (c) => c.charCodeAt(0),
);
